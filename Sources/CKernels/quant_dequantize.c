#include "ckernels.h"
#include "quant_blocks.h"

// The ggml block layouts, widened to floats in the order of operations of ggml's `dequantize_row_*` and of
// the `gguf` Python package (scale times scale, then times the quant, then minus the minimum), and never
// fused into FMAs, so that the result is bit for bit the reference's.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

static void dequantize_q8_0(const block_q8_0 *blocks, float *out, size_t count) {
    for (size_t b = 0; b < count / 32; b++) {
        const float d = ck_half_to_float(blocks[b].d);
        for (int j = 0; j < 32; j++) out[b * 32 + j] = (float)blocks[b].qs[j] * d;
    }
}

static void dequantize_q4_0(const block_q4_0 *blocks, float *out, size_t count) {
    for (size_t b = 0; b < count / 32; b++) {
        const float d = ck_half_to_float(blocks[b].d);
        float *y = out + b * 32;
        for (int j = 0; j < 16; j++) {
            y[j] = d * (float)((blocks[b].qs[j] & 0x0F) - 8);
            y[j + 16] = d * (float)((blocks[b].qs[j] >> 4) - 8);
        }
    }
}

static void dequantize_q4_1(const block_q4_1 *blocks, float *out, size_t count) {
    for (size_t b = 0; b < count / 32; b++) {
        const float d = ck_half_to_float(blocks[b].d), m = ck_half_to_float(blocks[b].m);
        float *y = out + b * 32;
        for (int j = 0; j < 16; j++) {
            y[j] = d * (float)(blocks[b].qs[j] & 0x0F) + m;
            y[j + 16] = d * (float)(blocks[b].qs[j] >> 4) + m;
        }
    }
}

/// One Q4_K or Q5_K block: the two share their layout but for Q5_K's fifth bits, `qh` (NULL for Q4_K),
/// where bit 2·pair of qh[l] extends element l of the pair's first 32 values and bit 2·pair + 1 its second.
static void dequantize_k_block(uint16_t half_d, uint16_t half_dmin, const uint8_t *packed_scales, const uint8_t *q,
                               const uint8_t *qh, float *y) {
    const float d = ck_half_to_float(half_d), dmin = ck_half_to_float(half_dmin);
    uint8_t scales[8], mins[8];
    ck_unpack_k_scales(packed_scales, scales, mins);
    for (int pair = 0; pair < 4; pair++, q += 32, y += 64) {
        const float d1 = d * scales[2 * pair], m1 = dmin * mins[2 * pair];
        const float d2 = d * scales[2 * pair + 1], m2 = dmin * mins[2 * pair + 1];
        for (int l = 0; l < 32; l++) {
            const int high = qh ? ((qh[l] >> (2 * pair)) & 1) << 4 : 0;
            y[l] = d1 * (float)((q[l] & 0x0F) | high) - m1;
        }
        for (int l = 0; l < 32; l++) {
            const int high = qh ? ((qh[l] >> (2 * pair + 1)) & 1) << 4 : 0;
            y[l + 32] = d2 * (float)((q[l] >> 4) | high) - m2;
        }
    }
}

static void dequantize_q4_K(const block_q4_K *blocks, float *out, size_t count) {
    for (size_t b = 0; b < count / 256; b++) {
        dequantize_k_block(blocks[b].d, blocks[b].dmin, blocks[b].scales, blocks[b].qs, NULL, out + b * 256);
    }
}

static void dequantize_q5_K(const block_q5_K *blocks, float *out, size_t count) {
    for (size_t b = 0; b < count / 256; b++) {
        dequantize_k_block(blocks[b].d, blocks[b].dmin, blocks[b].scales, blocks[b].qs, blocks[b].qh, out + b * 256);
    }
}

static void dequantize_q6_K(const block_q6_K *blocks, float *out, size_t count) {
    for (size_t b = 0; b < count / 256; b++) {
        const block_q6_K *x = blocks + b;
        const float d = ck_half_to_float(x->d);
        for (int half = 0; half < 2; half++) {
            const int8_t *sc = x->scales + 8 * half;
            float *y = out + b * 256 + 128 * half;
            for (int l = 0; l < 32; l++) {
                const int s = l / 16;
                y[l] = d * sc[s] * (float)(ck_q6_value(x, half, l, 0));
                y[l + 32] = d * sc[s + 2] * (float)(ck_q6_value(x, half, l, 1));
                y[l + 64] = d * sc[s + 4] * (float)(ck_q6_value(x, half, l, 2));
                y[l + 96] = d * sc[s + 6] * (float)(ck_q6_value(x, half, l, 3));
            }
        }
    }
}

static void dequantize_f16(const uint16_t *halves, float *out, size_t count) {
    for (size_t i = 0; i < count; i++) out[i] = ck_half_to_float(halves[i]);
}

static void dequantize_bf16(const uint16_t *halves, float *out, size_t count) {
    for (size_t i = 0; i < count; i++) {
        const uint32_t bits = (uint32_t)halves[i] << 16;
        memcpy(out + i, &bits, 4);
    }
}

int ck_dequantize_row(uint32_t type, const void *blocks, float *out, size_t count) {
#if defined(__x86_64__)
    if (ck_has_avx2_fma() && ck_dequantize_row_avx2(type, blocks, out, count)) return 1;
#endif
    return ck_dequantize_row_portable(type, blocks, out, count);
}

int ck_dequantize_row_portable(uint32_t type, const void *blocks, float *out, size_t count) {
    switch (type) {
    case CK_GGML_F32: memcpy(out, blocks, count * sizeof(float)); return 1;
    case CK_GGML_F16: dequantize_f16(blocks, out, count); return 1;
    case CK_GGML_BF16: dequantize_bf16(blocks, out, count); return 1;
    case CK_GGML_Q8_0: dequantize_q8_0(blocks, out, count); return 1;
    case CK_GGML_Q4_0: dequantize_q4_0(blocks, out, count); return 1;
    case CK_GGML_Q4_1: dequantize_q4_1(blocks, out, count); return 1;
    case CK_GGML_Q4_K: dequantize_q4_K(blocks, out, count); return 1;
    case CK_GGML_Q5_K: dequantize_q5_K(blocks, out, count); return 1;
    case CK_GGML_Q6_K: dequantize_q6_K(blocks, out, count); return 1;
    default: return 0;
    }
}
