#include "ckernels.h"
#include "quant_blocks.h"

// The AVX2 forms of quant_dot.c's kernels, after llama.cpp's: `maddubs` multiplies unsigned by signed
// bytes and adds pairs into 16 bits, `madd` with ones (or the sub-block scales) widens pairs into 32 bits,
// and one FMA per block applies the float scales. Products of signed values make the first operand
// unsigned with `sign` (|x| times y with x's sign). No pair sum overflows 16 bits: weights are at most
// 6 bits unsigned or ±127 and activations ±127.

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,fma,f16c")))

static inline AVX2 float half(uint16_t h) { return _cvtsh_ss(h); }

static inline AVX2 float horizontal_sum(__m256 v) {
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    h = _mm_add_ps(h, _mm_movehl_ps(h, h));
    h = _mm_add_ss(h, _mm_movehdup_ps(h));
    return _mm_cvtss_f32(h);
}

static inline AVX2 int horizontal_sum_i32(__m256i v) {
    __m128i h = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    h = _mm_add_epi32(h, _mm_shuffle_epi32(h, _MM_SHUFFLE(1, 0, 3, 2)));
    h = _mm_add_epi32(h, _mm_shuffle_epi32(h, _MM_SHUFFLE(2, 3, 0, 1)));
    return _mm_cvtsi128_si32(h);
}

/// Σ x·y over pairs of bytes into eight int32 lanes, x unsigned and y signed.
static inline AVX2 __m256i unsigned_pairs(__m256i x, __m256i y) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(x, y), _mm256_set1_epi16(1));
}

/// The same for signed x.
static inline AVX2 __m256i signed_pairs(__m256i x, __m256i y) {
    return unsigned_pairs(_mm256_sign_epi8(x, x), _mm256_sign_epi8(y, x));
}

/// 32 nibbles of 16 bytes: the low nibbles are values 0–15, the high ones 16–31.
static inline AVX2 __m256i nibbles(const uint8_t *bytes) {
    const __m128i packed = _mm_loadu_si128((const __m128i *)bytes);
    return _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(packed, 4), packed), _mm256_set1_epi8(0x0F));
}

static inline AVX2 __m256i load(const void *address) { return _mm256_loadu_si256((const __m256i *)address); }

// The 32-value kernels take two blocks a step into two accumulators, so that consecutive FMAs do not wait
// on each other's results: a block is only a few instructions, and one chain of FMAs would bound it.

/// `sum + scale · sums`, the block's eight int32 lanes.
static inline AVX2 __m256 add_block(__m256 sum, float scale, __m256i sums) {
    return _mm256_fmadd_ps(_mm256_set1_ps(scale), _mm256_cvtepi32_ps(sums), sum);
}

static inline AVX2 __m256i q8_0_sums(const block_q8_0 *x, const block_q8_act *y) {
    return signed_pairs(load(x->qs), load(y->qs));
}

static AVX2 float dot_q8_0(const void *row, const void *activations, size_t count) {
    const block_q8_0 *x = row;
    const block_q8_act *y = activations;
    __m256 even = _mm256_setzero_ps(), odd = _mm256_setzero_ps();
    size_t b = 0;
    for (; b + 2 <= count / 32; b += 2) {
        even = add_block(even, half(x[b].d) * y[b].d, q8_0_sums(x + b, y + b));
        odd = add_block(odd, half(x[b + 1].d) * y[b + 1].d, q8_0_sums(x + b + 1, y + b + 1));
    }
    if (b < count / 32) even = add_block(even, half(x[b].d) * y[b].d, q8_0_sums(x + b, y + b));
    return horizontal_sum(_mm256_add_ps(even, odd));
}

static inline AVX2 __m256i q4_0_sums(const block_q4_0 *x, const block_q8_act *y) {
    return signed_pairs(_mm256_sub_epi8(nibbles(x->qs), _mm256_set1_epi8(8)), load(y->qs));
}

static AVX2 float dot_q4_0(const void *row, const void *activations, size_t count) {
    const block_q4_0 *x = row;
    const block_q8_act *y = activations;
    __m256 even = _mm256_setzero_ps(), odd = _mm256_setzero_ps();
    size_t b = 0;
    for (; b + 2 <= count / 32; b += 2) {
        even = add_block(even, half(x[b].d) * y[b].d, q4_0_sums(x + b, y + b));
        odd = add_block(odd, half(x[b + 1].d) * y[b + 1].d, q4_0_sums(x + b + 1, y + b + 1));
    }
    if (b < count / 32) even = add_block(even, half(x[b].d) * y[b].d, q4_0_sums(x + b, y + b));
    return horizontal_sum(_mm256_add_ps(even, odd));
}

static inline AVX2 __m256i q4_1_sums(const block_q4_1 *x, const block_q8_act *y) {
    return unsigned_pairs(nibbles(x->qs), load(y->qs));
}

static AVX2 float dot_q4_1(const void *row, const void *activations, size_t count) {
    const block_q4_1 *x = row;
    const block_q8_act *y = activations;
    __m256 even = _mm256_setzero_ps(), odd = _mm256_setzero_ps();
    float minimums = 0, odd_minimums = 0;
    size_t b = 0;
    for (; b + 2 <= count / 32; b += 2) {
        even = add_block(even, half(x[b].d) * y[b].d, q4_1_sums(x + b, y + b));
        odd = add_block(odd, half(x[b + 1].d) * y[b + 1].d, q4_1_sums(x + b + 1, y + b + 1));
        minimums += half(x[b].m) * y[b].s;
        odd_minimums += half(x[b + 1].m) * y[b + 1].s;
    }
    if (b < count / 32) {
        even = add_block(even, half(x[b].d) * y[b].d, q4_1_sums(x + b, y + b));
        minimums += half(x[b].m) * y[b].s;
    }
    return horizontal_sum(_mm256_add_ps(even, odd)) + (minimums + odd_minimums);
}

static inline int k_minimum_sum(const uint8_t *mins, const int16_t *bsums) {
    int sum = 0;
    for (int j = 0; j < 8; j++) sum += mins[j] * (bsums[2 * j] + bsums[2 * j + 1]);
    return sum;
}

/// Q4_K and Q5_K: `high_bits` is Q5_K's qh, or null for Q4_K.
static inline AVX2 float dot_k_4_5(const uint16_t *d, const uint16_t *dmin, const uint8_t *packed_scales,
                                   const uint8_t *qs, const uint8_t *high_bits, const block_q8_K *y) {
    uint8_t scales[8], mins[8];
    ck_unpack_k_scales(packed_scales, scales, mins);
    const __m256i low_nibble = _mm256_set1_epi8(0x0F), one = _mm256_set1_epi8(1);
    __m256i high = high_bits ? load(high_bits) : _mm256_setzero_si256();
    __m256i sum = _mm256_setzero_si256();
    for (int pair = 0; pair < 4; pair++) {
        const __m256i packed = load(qs + 32 * pair);
        __m256i first = _mm256_and_si256(packed, low_nibble);
        __m256i second = _mm256_and_si256(_mm256_srli_epi16(packed, 4), low_nibble);
        if (high_bits) {
            first = _mm256_or_si256(first, _mm256_slli_epi16(_mm256_and_si256(high, one), 4));
            second = _mm256_or_si256(second, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(high, 1), one), 4));
            high = _mm256_srli_epi16(high, 2);
        }
        const __m256i p1 = _mm256_madd_epi16(_mm256_maddubs_epi16(first, load(y->qs + 64 * pair)),
                                             _mm256_set1_epi16(scales[2 * pair]));
        const __m256i p2 = _mm256_madd_epi16(_mm256_maddubs_epi16(second, load(y->qs + 64 * pair + 32)),
                                             _mm256_set1_epi16(scales[2 * pair + 1]));
        sum = _mm256_add_epi32(sum, _mm256_add_epi32(p1, p2));
    }
    return y->d * (half(*d) * (float)horizontal_sum_i32(sum) - half(*dmin) * (float)k_minimum_sum(mins, y->bsums));
}

static AVX2 float dot_q4_K(const void *row, const void *activations, size_t count) {
    const block_q4_K *x = row;
    const block_q8_K *y = activations;
    float sum = 0;
    for (size_t b = 0; b < count / 256; b++) sum += dot_k_4_5(&x[b].d, &x[b].dmin, x[b].scales, x[b].qs, 0, y + b);
    return sum;
}

static AVX2 float dot_q5_K(const void *row, const void *activations, size_t count) {
    const block_q5_K *x = row;
    const block_q8_K *y = activations;
    float sum = 0;
    for (size_t b = 0; b < count / 256; b++) {
        sum += dot_k_4_5(&x[b].d, &x[b].dmin, x[b].scales, x[b].qs, x[b].qh, y + b);
    }
    return sum;
}

/// Q6_K's values unsigned (q, 0–63) times the activations, less 32 times the activations' sums per
/// sub-block of 16, each with its scale.
static AVX2 float dot_q6_K(const void *row, const void *activations, size_t count) {
    const block_q6_K *x = row;
    const block_q8_K *y = activations;
    const __m256i low_nibble = _mm256_set1_epi8(0x0F), two_bits = _mm256_set1_epi8(3);
    float total = 0;
    for (size_t b = 0; b < count / 256; b++) {
        __m256i sum = _mm256_setzero_si256();
        for (int half_index = 0; half_index < 2; half_index++) {
            const __m256i low1 = load(x[b].ql + 64 * half_index), low2 = load(x[b].ql + 64 * half_index + 32);
            const __m256i high = load(x[b].qh + 32 * half_index);
            const __m256i low[4] = {
                _mm256_and_si256(low1, low_nibble),
                _mm256_and_si256(low2, low_nibble),
                _mm256_and_si256(_mm256_srli_epi16(low1, 4), low_nibble),
                _mm256_and_si256(_mm256_srli_epi16(low2, 4), low_nibble),
            };
            const int8_t *sc = x[b].scales + 8 * half_index;
            for (int part = 0; part < 4; part++) {
                const __m256i top = _mm256_and_si256(_mm256_srli_epi16(high, 2 * part), two_bits);
                const __m256i q = _mm256_or_si256(low[part], _mm256_slli_epi16(top, 4));
                const __m256i pairs = _mm256_maddubs_epi16(q, load(y[b].qs + 128 * half_index + 32 * part));
                const __m256i scale = _mm256_set_m128i(_mm_set1_epi16(sc[2 * part + 1]), _mm_set1_epi16(sc[2 * part]));
                sum = _mm256_add_epi32(sum, _mm256_madd_epi16(pairs, scale));
            }
        }
        int offset = 0;
        for (int j = 0; j < 16; j++) offset += x[b].scales[j] * y[b].bsums[j];
        total += half(x[b].d) * y[b].d * (float)(horizontal_sum_i32(sum) - 32 * offset);
    }
    return total;
}

typedef float (*row_dot)(const void *row, const void *activations, size_t count);

void ck_quant_product_avx2(uint32_t type, const void *weights, size_t row_bytes, size_t rows, const void *activations,
                           size_t activation_bytes, size_t m, size_t count, float *out, size_t ldc, float beta) {
    row_dot dot;
    switch (type) {
    case CK_GGML_Q8_0: dot = dot_q8_0; break;
    case CK_GGML_Q4_0: dot = dot_q4_0; break;
    case CK_GGML_Q4_1: dot = dot_q4_1; break;
    case CK_GGML_Q4_K: dot = dot_q4_K; break;
    case CK_GGML_Q5_K: dot = dot_q5_K; break;
    case CK_GGML_Q6_K: dot = dot_q6_K; break;
    default: return;
    }
    const char *w = weights, *a = activations;
    for (size_t r = 0; r < rows; r++) {
        const char *row = w + r * row_bytes;
        if (r + 1 < rows) {
            for (size_t offset = 0; offset < row_bytes; offset += 64) ck_prefetch(row + row_bytes + offset);
        }
        for (size_t i = 0; i < m; i++) {
            const float value = dot(row, a + i * activation_bytes, count);
            float *target = out + i * ldc + r;
            *target = beta == 0 ? value : value + beta * *target;
        }
    }
}
// MARK: - Dequantization for the tiles that prompts multiply with BLAS

/// Eight bytes as floats, unsigned or signed.
static inline AVX2 __m256 unsigned_floats(const uint8_t *bytes) {
    return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)bytes)));
}

static inline AVX2 __m256 signed_floats(const int8_t *bytes) {
    return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)bytes)));
}

/// The same products and sums, in the same order, as the portable loops (a multiply, then an add, never
/// fused), so the floats are bit for bit ggml's.
AVX2 int ck_dequantize_row_avx2(uint32_t type, const void *blocks, float *out, size_t count) {
    switch (type) {
    case CK_GGML_Q8_0: {
        const block_q8_0 *x = blocks;
        for (size_t b = 0; b < count / 32; b++) {
            const __m256 d = _mm256_set1_ps(half(x[b].d));
            for (int g = 0; g < 4; g++) {
                _mm256_storeu_ps(out + 32 * b + 8 * g, _mm256_mul_ps(signed_floats(x[b].qs + 8 * g), d));
            }
        }
        return 1;
    }
    case CK_GGML_Q4_0:
    case CK_GGML_Q4_1: {
        const int minimum = type == CK_GGML_Q4_1;
        const size_t size = minimum ? sizeof(block_q4_1) : sizeof(block_q4_0);
        for (size_t b = 0; b < count / 32; b++) {
            const char *block = (const char *)blocks + b * size;
            uint16_t scale, offset = 0;
            memcpy(&scale, block, 2);
            if (minimum) memcpy(&offset, block + 2, 2);
            uint8_t q[32];
            _mm256_storeu_si256((__m256i *)q, nibbles((const uint8_t *)block + (minimum ? 4 : 2)));
            const __m256 d = _mm256_set1_ps(half(scale)), m = _mm256_set1_ps(half(offset));
            const __m256 eight = _mm256_set1_ps(8);
            for (int g = 0; g < 4; g++) {
                const __m256 value = unsigned_floats(q + 8 * g);
                const __m256 y = minimum ? _mm256_add_ps(_mm256_mul_ps(d, value), m)
                                         : _mm256_mul_ps(d, _mm256_sub_ps(value, eight));
                _mm256_storeu_ps(out + 32 * b + 8 * g, y);
            }
        }
        return 1;
    }
    default: return 0;
    }
}
#endif
