#include "ckernels.h"
#include "quant_blocks.h"
#include <math.h>

// Activations are scaled, then rounded: never fused into one FMA, which would round differently at ties.
#pragma clang fp contract(off)

// Products of quantized weight rows with activations quantized to 8 bits, the way llama.cpp computes
// them: the inner sums are integer multiply-adds over a block, scaled once per block (Q8_0, Q4_0, Q4_1) or
// once per sub-block (the K-quants). A decoded token's products read each weight once, so reading 4.5 bits
// instead of 32 per weight is most of the speed; the integer arithmetic keeps up with that reading.

static int uses_k_activations(uint32_t type) {
    return type == CK_GGML_Q4_K || type == CK_GGML_Q5_K || type == CK_GGML_Q6_K;
}

size_t ck_activation_bytes(uint32_t type, size_t count) {
    return uses_k_activations(type) ? count / 256 * sizeof(block_q8_K) : count / 32 * sizeof(block_q8_act);
}

/// Scales `length` values to ±127 and rounds them to nearest, ties to even, as ggml's activation quantizer
/// does. Adding and subtracting 1.5·2²³ rounds a float of magnitude below 2²² to an integer in the current
/// (nearest-even) rounding mode, without the library call `nearbyintf` becomes on baseline x86-64.
static float quantize_block(const float *x, int length, int8_t *q) {
    float amax = 0;
    for (int j = 0; j < length; j++) amax = fmaxf(amax, fabsf(x[j]));
    const float d = amax / 127, inverse = d != 0 ? 1 / d : 0;
    const float magic = 12582912.0f;
    for (int j = 0; j < length; j++) {
        const float scaled = x[j] * inverse;
        q[j] = (int8_t)((scaled + magic) - magic);
    }
    return d;
}

void ck_quantize_activations(uint32_t type, const float *x, size_t count, void *out) {
    if (uses_k_activations(type)) {
        block_q8_K *y = out;
        for (size_t b = 0; b < count / 256; b++) {
            y[b].d = quantize_block(x + 256 * b, 256, y[b].qs);
            for (int g = 0; g < 16; g++) {
                int sum = 0;
                for (int j = 0; j < 16; j++) sum += y[b].qs[16 * g + j];
                y[b].bsums[g] = (int16_t)sum;
            }
        }
    } else {
        block_q8_act *y = out;
        for (size_t b = 0; b < count / 32; b++) {
            y[b].d = quantize_block(x + 32 * b, 32, y[b].qs);
            int sum = 0;
            for (int j = 0; j < 32; j++) sum += y[b].qs[j];
            y[b].s = y[b].d * (float)sum;
        }
    }
}

void ck_dequantize_activations(uint32_t type, const void *activations, size_t count, float *out) {
    if (uses_k_activations(type)) {
        const block_q8_K *y = activations;
        for (size_t i = 0; i < count; i++) out[i] = y[i / 256].d * (float)y[i / 256].qs[i % 256];
    } else {
        const block_q8_act *y = activations;
        for (size_t i = 0; i < count; i++) out[i] = y[i / 32].d * (float)y[i / 32].qs[i % 32];
    }
}

// MARK: - Portable kernels: one weight row against one activation row of `count` values.

static float dot_q8_0(const void *row, const void *activations, size_t count) {
    const block_q8_0 *x = row;
    const block_q8_act *y = activations;
    float sum = 0;
    for (size_t b = 0; b < count / 32; b++) {
        int s = 0;
        for (int j = 0; j < 32; j++) s += x[b].qs[j] * y[b].qs[j];
        sum += ck_half_to_float(x[b].d) * y[b].d * (float)s;
    }
    return sum;
}

static float dot_q4_0(const void *row, const void *activations, size_t count) {
    const block_q4_0 *x = row;
    const block_q8_act *y = activations;
    float sum = 0;
    for (size_t b = 0; b < count / 32; b++) {
        int s = 0;
        for (int j = 0; j < 16; j++) {
            s += ((x[b].qs[j] & 0x0F) - 8) * y[b].qs[j] + ((x[b].qs[j] >> 4) - 8) * y[b].qs[j + 16];
        }
        sum += ck_half_to_float(x[b].d) * y[b].d * (float)s;
    }
    return sum;
}

static float dot_q4_1(const void *row, const void *activations, size_t count) {
    const block_q4_1 *x = row;
    const block_q8_act *y = activations;
    float sum = 0;
    for (size_t b = 0; b < count / 32; b++) {
        int s = 0;
        for (int j = 0; j < 16; j++) s += (x[b].qs[j] & 0x0F) * y[b].qs[j] + (x[b].qs[j] >> 4) * y[b].qs[j + 16];
        sum += ck_half_to_float(x[b].d) * y[b].d * (float)s + ck_half_to_float(x[b].m) * y[b].s;
    }
    return sum;
}

/// Σ over the eight sub-blocks of minimum × (sum of the sub-block's activations).
static int k_minimum_sum(const uint8_t *mins, const int16_t *bsums) {
    int sum = 0;
    for (int j = 0; j < 8; j++) sum += mins[j] * (bsums[2 * j] + bsums[2 * j + 1]);
    return sum;
}

/// One Q4_K or Q5_K block against its Q8_K activations; `qh` holds Q5_K's fifth bits, NULL for Q4_K.
static float dot_k_block(uint16_t half_d, uint16_t half_dmin, const uint8_t *packed_scales, const uint8_t *qs,
                         const uint8_t *qh, const block_q8_K *y) {
    uint8_t scales[8], mins[8];
    ck_unpack_k_scales(packed_scales, scales, mins);
    int s = 0;
    for (int pair = 0; pair < 4; pair++) {
        const uint8_t *q = qs + 32 * pair;
        const int8_t *a = y->qs + 64 * pair;
        int low = 0, high = 0;
        for (int l = 0; l < 32; l++) {
            const int fifth_low = qh ? ((qh[l] >> (2 * pair)) & 1) << 4 : 0;
            const int fifth_high = qh ? ((qh[l] >> (2 * pair + 1)) & 1) << 4 : 0;
            low += ((q[l] & 0x0F) | fifth_low) * a[l];
            high += ((q[l] >> 4) | fifth_high) * a[l + 32];
        }
        s += scales[2 * pair] * low + scales[2 * pair + 1] * high;
    }
    return y->d * (ck_half_to_float(half_d) * (float)s - ck_half_to_float(half_dmin) * (float)k_minimum_sum(mins, y->bsums));
}

static float dot_q4_K(const void *row, const void *activations, size_t count) {
    const block_q4_K *x = row;
    const block_q8_K *y = activations;
    float sum = 0;
    for (size_t b = 0; b < count / 256; b++) sum += dot_k_block(x[b].d, x[b].dmin, x[b].scales, x[b].qs, NULL, y + b);
    return sum;
}

static float dot_q5_K(const void *row, const void *activations, size_t count) {
    const block_q5_K *x = row;
    const block_q8_K *y = activations;
    float sum = 0;
    for (size_t b = 0; b < count / 256; b++) sum += dot_k_block(x[b].d, x[b].dmin, x[b].scales, x[b].qs, x[b].qh, y + b);
    return sum;
}

static float dot_q6_K(const void *row, const void *activations, size_t count) {
    const block_q6_K *x = row;
    const block_q8_K *y = activations;
    float sum = 0;
    for (size_t b = 0; b < count / 256; b++) {
        int s = 0;
        for (int half = 0; half < 2; half++) {
            const int8_t *sc = x[b].scales + 8 * half;
            const int8_t *a = y[b].qs + 128 * half;
            for (int part = 0; part < 4; part++) {
                int first = 0, second = 0;
                for (int l = 0; l < 16; l++) first += ck_q6_value(&x[b], half, l, part) * a[32 * part + l];
                for (int l = 16; l < 32; l++) second += ck_q6_value(&x[b], half, l, part) * a[32 * part + l];
                s += sc[2 * part] * first + sc[2 * part + 1] * second;
            }
        }
        sum += ck_half_to_float(x[b].d) * y[b].d * (float)s;
    }
    return sum;
}

typedef float (*row_dot)(const void *row, const void *activations, size_t count);

static row_dot portable_kernel(uint32_t type) {
    switch (type) {
    case CK_GGML_Q8_0: return dot_q8_0;
    case CK_GGML_Q4_0: return dot_q4_0;
    case CK_GGML_Q4_1: return dot_q4_1;
    case CK_GGML_Q4_K: return dot_q4_K;
    case CK_GGML_Q5_K: return dot_q5_K;
    case CK_GGML_Q6_K: return dot_q6_K;
    default: return 0;
    }
}

/// Each weight row against every activation row while it is in the first-level cache.
static void product(row_dot dot, const char *weights, size_t row_bytes, size_t rows, const char *activations,
                    size_t activation_bytes, size_t m, size_t count, float *out, size_t ldc, float beta) {
    for (size_t r = 0; r < rows; r++) {
        const char *row = weights + r * row_bytes;
        if (r + 1 < rows) {
            for (size_t offset = 0; offset < row_bytes; offset += 64) ck_prefetch(row + row_bytes + offset);
        }
        for (size_t i = 0; i < m; i++) {
            const float value = dot(row, activations + i * activation_bytes, count);
            float *target = out + i * ldc + r;
            *target = beta == 0 ? value : value + beta * *target;
        }
    }
}

void ck_quant_product_portable(uint32_t type, const void *weights, size_t row_bytes, size_t rows,
                               const void *activations, size_t m, size_t count, float *out, size_t ldc, float beta) {
    product(portable_kernel(type), weights, row_bytes, rows, activations, ck_activation_bytes(type, count), m, count,
            out, ldc, beta);
}

void ck_quant_product(uint32_t type, const void *weights, size_t row_bytes, size_t rows, const void *activations,
                      size_t m, size_t count, float *out, size_t ldc, float beta) {
#if defined(__x86_64__)
    if (ck_has_avx2_fma()) {
        ck_quant_product_avx2(type, weights, row_bytes, rows, activations, ck_activation_bytes(type, count), m, count,
                              out, ldc, beta);
        return;
    }
#endif
    ck_quant_product_portable(type, weights, row_bytes, rows, activations, m, count, out, ldc, beta);
}
