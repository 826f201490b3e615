#include "ckernels.h"

// The feed-forward block's activation runs on every one of its 1,536 inner values per token: in Swift's
// baseline SSE2 it was a twentieth of a short query's time, more than any step but the matrix products.

#if defined(__x86_64__)
#include <immintrin.h>

/// erf(x) with the coefficients of the encoder's VectorMath.erf: a ratio of odd and even polynomials,
/// clamped to ±4 where erf is ±1 in float32.
__attribute__((target("avx2,fma"))) static inline __m256 erf8(__m256 x) {
    __m256 c = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-4.0f)), _mm256_set1_ps(4.0f));
    __m256 x2 = _mm256_mul_ps(c, c);
    __m256 p = _mm256_set1_ps(-2.7261423e-10f);
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(2.7706814e-08f));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(-2.1010240e-06f));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(-5.6925064e-05f));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(-7.3499063e-04f));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(-2.9546000e-03f));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(-1.6096033e-02f));
    __m256 q = _mm256_set1_ps(-1.4566072e-05f);
    q = _mm256_fmadd_ps(q, x2, _mm256_set1_ps(-2.1337406e-04f));
    q = _mm256_fmadd_ps(q, x2, _mm256_set1_ps(-1.6828270e-03f));
    q = _mm256_fmadd_ps(q, x2, _mm256_set1_ps(-7.3733292e-03f));
    q = _mm256_fmadd_ps(q, x2, _mm256_set1_ps(-1.4264739e-02f));
    return _mm256_div_ps(_mm256_mul_ps(c, p), q);
}

__attribute__((target("avx2,fma"))) static inline __m256 gelu8(__m256 v) {
    __m256 half_v = _mm256_mul_ps(v, _mm256_set1_ps(0.5f));
    __m256 e = erf8(_mm256_mul_ps(v, _mm256_set1_ps(0.70710678118654752f)));
    return _mm256_fmadd_ps(half_v, e, half_v);
}

__attribute__((target("avx2,fma"))) static void add_bias_gelu_avx2(float *x, size_t rows, size_t columns,
                                                                   const float *bias) {
    for (size_t row = 0; row < rows; row++) {
        float *line = x + row * columns;
        size_t column = 0;
        for (; column + 8 <= columns; column += 8) {
            __m256 v = _mm256_add_ps(_mm256_loadu_ps(line + column), _mm256_loadu_ps(bias + column));
            _mm256_storeu_ps(line + column, gelu8(v));
        }
        if (column < columns) {
            // The tail through a padded vector, so that it is computed exactly like the rest.
            float lanes[8] = {0};
            for (size_t i = column; i < columns; i++) lanes[i - column] = line[i] + bias[i];
            _mm256_storeu_ps(lanes, gelu8(_mm256_loadu_ps(lanes)));
            for (size_t i = column; i < columns; i++) line[i] = lanes[i - column];
        }
    }
}
#endif

void ck_add_bias_gelu(float *x, size_t rows, size_t columns, const float *bias) {
#if defined(__x86_64__)
    if (ck_has_avx2_fma()) {
        add_bias_gelu_avx2(x, rows, columns, bias);
        return;
    }
#endif
    __builtin_trap();
}
