#include "ckernels.h"

// A ten-word query has about fifteen tokens, so each head's attention is two products of 15×32 by 32×15
// and 15×15 by 15×32: a few thousand multiply-adds, less than what a BLAS call spends on dispatch,
// packing and scaling its output. Computed here in registers instead, one query row at a time: the keys
// are transposed to [head_size, L] (L rounded up to eight, padded with zeros) so that a row's scores
// against all keys are L/8 vectors of eight lanes, and the context row is the weighted sum of value rows.

#if defined(__x86_64__)
#include <immintrin.h>

/// e^x with the scheme and coefficients of the encoder's VectorMath.exp (Cephes' expf): x = n·ln2 + r,
/// a degree-5 polynomial for e^r, 2^n built in the exponent bits. Below -87.3 (and for -infinity) gives 0.
__attribute__((target("avx2,fma"))) static inline __m256 exp8(__m256 x) {
    const __m256 low = _mm256_set1_ps(-87.3f);
    __m256 underflow = _mm256_cmp_ps(x, low, _CMP_LT_OQ);
    __m256 c = _mm256_min_ps(_mm256_max_ps(x, low), _mm256_set1_ps(88.7f));
    // Adding 1.5·2²³ rounds to the nearest integer and leaves it in the low bits of the sum.
    const __m256 magic = _mm256_set1_ps(12582912.0f);
    __m256 shifted = _mm256_fmadd_ps(c, _mm256_set1_ps(1.44269504f), magic);
    __m256 n = _mm256_sub_ps(shifted, magic);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), c);
    r = _mm256_fmadd_ps(n, _mm256_set1_ps(2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    __m256 y = _mm256_add_ps(_mm256_fmadd_ps(p, _mm256_mul_ps(r, r), r), _mm256_set1_ps(1.0f));
    __m256i integer = _mm256_sub_epi32(_mm256_castps_si256(shifted), _mm256_set1_epi32(0x4B400000));
    __m256 scale = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(integer, _mm256_set1_epi32(127)), 23));
    return _mm256_andnot_ps(underflow, _mm256_mul_ps(y, scale));
}

__attribute__((target("avx2,fma"))) static inline float horizontal_max(__m256 v) {
    __m128 h = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    h = _mm_max_ps(h, _mm_movehl_ps(h, h));
    h = _mm_max_ss(h, _mm_movehdup_ps(h));
    return _mm_cvtss_f32(h);
}

__attribute__((target("avx2,fma"))) static inline float horizontal_sum(__m256 v) {
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    h = _mm_add_ps(h, _mm_movehl_ps(h, h));
    h = _mm_add_ss(h, _mm_movehdup_ps(h));
    return _mm_cvtss_f32(h);
}

/// Softmax of one row of `chunks` × 8 scores (scaled in place) into `weights`; returns 1/Σ, which the
/// weighted sum applies once instead of dividing every weight.
__attribute__((target("avx2,fma"), always_inline)) static inline float softmax_row(__m256 *s, int chunks,
                                                                                 __m256 scale, __m256 padding,
                                                                                 float *weights) {
    for (int c = 0; c < chunks; c++) s[c] = _mm256_mul_ps(s[c], scale);
    // Padding lanes score -infinity, which exp turns into an exact zero weight.
    s[chunks - 1] = _mm256_blendv_ps(s[chunks - 1], _mm256_set1_ps(-__builtin_inff()), padding);
    __m256 highest = s[0];
    for (int c = 1; c < chunks; c++) highest = _mm256_max_ps(highest, s[c]);
    __m256 top = _mm256_set1_ps(horizontal_max(highest));
    __m256 total = _mm256_setzero_ps();
    for (int c = 0; c < chunks; c++) {
        __m256 e = exp8(_mm256_sub_ps(s[c], top));
        total = _mm256_add_ps(total, e);
        _mm256_storeu_ps(weights + 8 * c, e);
    }
    return 1.0f / horizontal_sum(total);
}

/// `target[0..<width] = scale · Σ_j weights[j] · rows[j·stride ..< j·stride + width]`.
__attribute__((target("avx2,fma"))) static inline void weighted_sum(
    const float *rows, size_t stride, const float *weights, size_t count, float scale, size_t width, float *target) {
    __m256 s = _mm256_set1_ps(scale);
    size_t column = 0;
    // Four vectors at a time: a 32-wide head in one sweep over the rows.
    for (; column + 32 <= width; column += 32) {
        __m256 a = _mm256_setzero_ps(), b = _mm256_setzero_ps(), c = _mm256_setzero_ps(), d = _mm256_setzero_ps();
        const float *row = rows + column;
        for (size_t j = 0; j < count; j++, row += stride) {
            __m256 w = _mm256_broadcast_ss(weights + j);
            a = _mm256_fmadd_ps(w, _mm256_loadu_ps(row), a);
            b = _mm256_fmadd_ps(w, _mm256_loadu_ps(row + 8), b);
            c = _mm256_fmadd_ps(w, _mm256_loadu_ps(row + 16), c);
            d = _mm256_fmadd_ps(w, _mm256_loadu_ps(row + 24), d);
        }
        _mm256_storeu_ps(target + column, _mm256_mul_ps(a, s));
        _mm256_storeu_ps(target + column + 8, _mm256_mul_ps(b, s));
        _mm256_storeu_ps(target + column + 16, _mm256_mul_ps(c, s));
        _mm256_storeu_ps(target + column + 24, _mm256_mul_ps(d, s));
    }
    for (; column + 8 <= width; column += 8) {
        __m256 a = _mm256_setzero_ps();
        for (size_t j = 0; j < count; j++) a = _mm256_fmadd_ps(_mm256_broadcast_ss(weights + j), _mm256_loadu_ps(rows + j * stride + column), a);
        _mm256_storeu_ps(target + column, _mm256_mul_ps(a, s));
    }
    for (; column < width; column++) {
        float a = 0;
        for (size_t j = 0; j < count; j++) a += weights[j] * rows[j * stride + column];
        target[column] = a * scale;
    }
}

/// Scores of `rows` query rows (`rows` × `chunks` accumulators, both constants once inlined) against
/// every key, each key vector loaded once for all the rows; then each row's softmax and context row.
/// Rows past the text's end repeat its last row and are not written, so that the block size stays fixed.
__attribute__((target("avx2,fma"), always_inline)) static inline void attend_rows(
    const float *queries, size_t first, size_t length, size_t stride, int rows, const float *keys_transposed,
    size_t head_size, size_t padded, int chunks, __m256 scale, __m256 padding, const float *values,
    size_t hidden, float *context, float *weights) {
    const float *query[4];
    for (int r = 0; r < rows; r++) query[r] = queries + (first + r < length ? first + r : length - 1) * stride;
    __m256 s[4][8];
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < chunks; c++) s[r][c] = _mm256_setzero_ps();
    const float *column = keys_transposed;
    for (size_t d = 0; d < head_size; d++, column += padded) {
        __m256 k[8];
        for (int c = 0; c < chunks; c++) k[c] = _mm256_loadu_ps(column + 8 * c);
        for (int r = 0; r < rows; r++) {
            __m256 q = _mm256_broadcast_ss(query[r] + d);
            for (int c = 0; c < chunks; c++) s[r][c] = _mm256_fmadd_ps(q, k[c], s[r][c]);
        }
    }
    for (int r = 0; r < rows && first + r < length; r++) {
        float inverse = softmax_row(s[r], chunks, scale, padding, weights);
        weighted_sum(values, stride, weights, length, inverse, head_size, context + (first + r) * hidden);
    }
}

/// Rows per block for a given number of key chunks: enough independent accumulators to keep both FMA
/// units busy, few enough to stay within the sixteen vector registers.
#define ATTEND_CASE(chunks, rows)                                                                              \
    case chunks:                                                                                               \
        for (size_t i = 0; i < length; i += rows)                                                              \
            attend_rows(queries, i, length, stride, rows, keys_transposed, head_size, padded, chunks, scale8,   \
                        padding, values, hidden, context + head * head_size, weights);                         \
        break;

__attribute__((target("avx2,fma"))) static void attention_avx2(const float *qkv, size_t length, size_t heads,
                                                               size_t head_size, float scale, float *context,
                                                               float *scratch) {
    size_t hidden = heads * head_size, stride = 3 * hidden;
    size_t padded = (length + 7) & ~(size_t)7;
    int chunks = (int)(padded / 8);
    float *keys_transposed = scratch;
    float *weights = scratch + head_size * CK_ATTENTION_LONGEST;
    __m256 scale8 = _mm256_set1_ps(scale);
    int valid = (int)(length - (padded - 8));
    __m256 padding = _mm256_castsi256_ps(
        _mm256_cmpgt_epi32(_mm256_setr_epi32(1, 2, 3, 4, 5, 6, 7, 8), _mm256_set1_epi32(valid)));
    for (size_t head = 0; head < heads; head++) {
        const float *queries = qkv + head * head_size;
        const float *keys = queries + hidden;
        const float *values = queries + 2 * hidden;
        for (size_t d = 0; d < head_size; d++) {
            float *line = keys_transposed + d * padded;
            for (size_t j = 0; j < length; j++) line[j] = keys[j * stride + d];
            for (size_t j = length; j < padded; j++) line[j] = 0;
        }
        switch (chunks) {
            ATTEND_CASE(1, 4)
            ATTEND_CASE(2, 4)
            ATTEND_CASE(3, 3)
            ATTEND_CASE(4, 2)
            ATTEND_CASE(5, 2)
            ATTEND_CASE(6, 1)
            ATTEND_CASE(7, 1)
            ATTEND_CASE(8, 1)
        }
    }
}
#endif

void ck_attention(const float *query_key_value, size_t length, size_t heads, size_t head_size, float scale,
                  float *context, float *scratch) {
#if defined(__x86_64__)
    if (length >= 1 && length <= CK_ATTENTION_LONGEST && ck_has_avx2_fma()) {
        attention_avx2(query_key_value, length, heads, head_size, scale, context, scratch);
        return;
    }
#endif
    __builtin_trap();
}
