#ifndef CKERNELS_H
#define CKERNELS_H
#include <stddef.h>
#include <stdint.h>

// Inner loops that Swift cannot compile well: Swift targets the x86-64 baseline (SSE2, no FMA) for the
// whole module, while these are compiled for AVX2 and FMA and chosen at run time on processors that have
// them. Each has a portable path, or a caller-side alternative, for processors that do not.

/// Whether this processor runs the AVX2 and FMA kernels (and the operating system saves their registers).
int ck_has_avx2_fma(void);

/// The inner product of `a` and `b`, `count` floats each.
float ck_dot(const float *a, const float *b, size_t count);

/// `scores[i] = ck_dot(query, vectors + rows[i] * dimension, dimension)` for each of `count` rows: the
/// neighbours of one node of a graph search. While one row is multiplied, the next row's cache lines are
/// requested, so that scattered loads overlap with arithmetic instead of following it.
void ck_dots(const float *query, const float *vectors, size_t dimension, const uint32_t *rows, size_t count,
             float *scores);

/// Asks the processor to start loading the cache line holding `address`, for reading soon.
static inline void ck_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

/// The longest text `ck_attention` takes.
#define CK_ATTENTION_LONGEST 64

/// Floats of scratch memory `ck_attention` needs for heads of `head_size`.
static inline size_t ck_attention_scratch_count(size_t head_size) {
    return (head_size + 1) * CK_ATTENTION_LONGEST;
}

/// Scaled dot-product attention of one text of `length` tokens (1 ... CK_ATTENTION_LONGEST), all heads:
/// `context = softmax(q·kᵀ · scale)·v` per head, heads side by side in rows of `heads * head_size` floats.
/// `query_key_value` holds each token's queries, keys and values in one row of `3 * heads * head_size`.
/// Only callable when `ck_has_avx2_fma()`; elsewhere callers use matrix products.
void ck_attention(const float *query_key_value, size_t length, size_t heads, size_t head_size, float scale,
                  float *context, float *scratch);

/// `x = gelu(x + bias)` for each of `rows` rows of `columns` floats, with the exact (erf) GELU that BERT
/// uses. Only callable when `ck_has_avx2_fma()`; elsewhere callers use their own loop.
void ck_add_bias_gelu(float *x, size_t rows, size_t columns, const float *bias);

// GGML-quantized weights (types by their `ggml_type` ids: F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q4_K, Q5_K, Q6_K).

/// Widens `count` values (a whole number of blocks) of one row of GGML type `type` at `blocks` into `out`,
/// exactly as ggml and the `gguf` Python package do. Returns 0, writing nothing, for a type it does not know.
int ck_dequantize_row(uint32_t type, const void *blocks, float *out, size_t count);

/// `ck_dequantize_row` without SIMD (the same floats): what runs without AVX2, and what tests compare.
int ck_dequantize_row_portable(uint32_t type, const void *blocks, float *out, size_t count);

/// The bytes one row of `count` activations takes once quantized for products with weights of `type`
/// (int8 blocks of 32 with a float scale and sum for Q8_0, Q4_0 and Q4_1; ggml's Q8_K for the K-quants).
size_t ck_activation_bytes(uint32_t type, size_t count);

/// Quantizes one row of `count` activations (whole blocks of the weight type) into `out`,
/// `ck_activation_bytes(type, count)` bytes.
void ck_quantize_activations(uint32_t type, const float *x, size_t count, void *out);

/// The values quantized activations stand for (d·q), to check products against.
void ck_dequantize_activations(uint32_t type, const void *activations, size_t count, float *out);

/// `out[i·ldc + r] = w_r · a_i + beta · out[i·ldc + r]` for `rows` weight rows of GGML type `type` (Q8_0,
/// Q4_0, Q4_1, Q4_K, Q5_K, Q6_K), `row_bytes` apart, and `m` activation rows quantized by
/// `ck_quantize_activations`, one after the other. Where `beta` is 0, `out` is only written. Uses AVX2 where
/// the processor has it.
void ck_quant_product(uint32_t type, const void *weights, size_t row_bytes, size_t rows, const void *activations,
                      size_t m, size_t count, float *out, size_t ldc, float beta);

/// `ck_quant_product` without SIMD: what runs on processors without AVX2, and what tests compare it with.
void ck_quant_product_portable(uint32_t type, const void *weights, size_t row_bytes, size_t rows,
                               const void *activations, size_t m, size_t count, float *out, size_t ldc, float beta);

#endif
