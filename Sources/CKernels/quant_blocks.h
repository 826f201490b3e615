#ifndef CKERNELS_QUANT_BLOCKS_H
#define CKERNELS_QUANT_BLOCKS_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

// ggml's block layouts (ggml-common.h), byte for byte: each block holds 32 (or, for the K-quants, 256)
// consecutive values of a row. Scales are IEEE half floats.

enum {
    CK_GGML_F32 = 0,
    CK_GGML_F16 = 1,
    CK_GGML_Q4_0 = 2,
    CK_GGML_Q4_1 = 3,
    CK_GGML_Q8_0 = 8,
    CK_GGML_Q4_K = 12,
    CK_GGML_Q5_K = 13,
    CK_GGML_Q6_K = 14,
    CK_GGML_BF16 = 30,
};

/// x = d · q, q signed.
typedef struct {
    uint16_t d;
    int8_t qs[32];
} block_q8_0;

/// x = d · (q − 8); element j in the low nibble of qs[j], element j + 16 in its high nibble.
typedef struct {
    uint16_t d;
    uint8_t qs[16];
} block_q4_0;

/// x = d · q + m, nibbles as in Q4_0.
typedef struct {
    uint16_t d;
    uint16_t m;
    uint8_t qs[16];
} block_q4_1;

/// Eight sub-blocks of 32 with 6-bit scales and minimums packed into 12 bytes: x = d·sc·q − dmin·m.
/// Sub-blocks 2i and 2i+1 share the 32 bytes qs[32i...], low and high nibbles.
typedef struct {
    uint16_t d;
    uint16_t dmin;
    uint8_t scales[12];
    uint8_t qs[128];
} block_q4_K;

/// Q4_K with a fifth bit per value in qh: bit i of qh[l] belongs to element l of sub-block i.
typedef struct {
    uint16_t d;
    uint16_t dmin;
    uint8_t scales[12];
    uint8_t qh[32];
    uint8_t qs[128];
} block_q5_K;

/// Sixteen sub-blocks of 16 with signed 8-bit scales: x = d·sc·(q − 32), q of 6 bits, the low four in ql and
/// the high two in qh.
typedef struct {
    uint8_t ql[128];
    uint8_t qh[64];
    int8_t scales[16];
    uint16_t d;
} block_q6_K;

_Static_assert(sizeof(block_q8_0) == 34, "Q8_0 block");
_Static_assert(sizeof(block_q4_0) == 18, "Q4_0 block");
_Static_assert(sizeof(block_q4_1) == 20, "Q4_1 block");
_Static_assert(sizeof(block_q4_K) == 144, "Q4_K block");
_Static_assert(sizeof(block_q5_K) == 176, "Q5_K block");
_Static_assert(sizeof(block_q6_K) == 210, "Q6_K block");

/// 32 activations for the 32-value weight blocks: x ≈ d·q, and s = d·Σq, which Q4_1's minimum multiplies.
/// The scales stay float32 (ggml rounds them to halves; nothing here needs the space).
typedef struct {
    float d;
    float s;
    int8_t qs[32];
} block_q8_act;

/// 256 activations for the K-quants, ggml's Q8_K: x ≈ d·q, and the sums of each 16 q, which the
/// K-quants' minimums (Q4_K, Q5_K) and Q6_K's offset of 32 multiply.
typedef struct {
    float d;
    int8_t qs[256];
    int16_t bsums[16];
} block_q8_K;

_Static_assert(sizeof(block_q8_act) == 40, "activation block");
_Static_assert(sizeof(block_q8_K) == 292, "Q8_K block");

#if defined(__x86_64__)
/// The AVX2 kernels of `ck_quant_product` (quant_dot_avx2.c); `activation_bytes` is one activation row's size.
void ck_quant_product_avx2(uint32_t type, const void *weights, size_t row_bytes, size_t rows, const void *activations,
                           size_t activation_bytes, size_t m, size_t count, float *out, size_t ldc, float beta);

/// `ck_dequantize_row` for Q8_0, Q4_0 and Q4_1 with AVX2, bit for bit the same; 0 for other types.
int ck_dequantize_row_avx2(uint32_t type, const void *blocks, float *out, size_t count);
#endif

/// IEEE binary16 to binary32, exact for every value (subnormals, infinities, NaN).
static inline float ck_half_to_float(uint16_t h) {
    const uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    const uint32_t exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF;
    uint32_t bits;
    if (exponent == 0) {
        float magnitude = (float)mantissa * 0x1p-24f;
        memcpy(&bits, &magnitude, 4);
        bits |= sign;
    } else if (exponent == 0x1F) {
        bits = sign | 0x7F800000u | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
    }
    float result;
    memcpy(&result, &bits, 4);
    return result;
}

/// The eight 6-bit scales and minimums of a Q4_K or Q5_K block: bytes 0–3 hold scales 0–3 (low six bits),
/// 4–7 minimums 0–3; bytes 8–11 hold the low four bits of scales and minimums 4–7, whose high two bits are
/// the top bits of bytes 0–3 and 4–7.
static inline void ck_unpack_k_scales(const uint8_t *packed, uint8_t *scales, uint8_t *mins) {
    for (int j = 0; j < 4; j++) {
        scales[j] = packed[j] & 63;
        mins[j] = packed[j + 4] & 63;
        scales[j + 4] = (packed[j + 8] & 0x0F) | ((packed[j] >> 6) << 4);
        mins[j + 4] = (packed[j + 8] >> 4) | ((packed[j + 4] >> 6) << 4);
    }
}

/// The signed 6-bit value (q − 32) of a Q6_K block: element 32·part + l of the block's `half`-th 128.
static inline int ck_q6_value(const block_q6_K *x, int half, int l, int part) {
    const uint8_t *ql = x->ql + 64 * half, *qh = x->qh + 32 * half;
    const int low = part & 1 ? ql[l + 32] : ql[l];
    const int nibble = part < 2 ? (low & 0x0F) : (low >> 4);
    const int high = (qh[l] >> (2 * part)) & 3;
    return (nibble | (high << 4)) - 32;
}

#endif
