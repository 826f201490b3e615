#include "ckernels.h"

// OpenBLAS's sdot checks its arguments and dispatches through its kernel table on every call, which at
// 384 floats costs about as much as the arithmetic; a graph search makes thousands of these calls.

/// Sixteen independent lanes, which the compiler keeps in vector registers without reassociating a sum.
static float dot_portable(const float *a, const float *b, size_t count) {
    float lanes[16] = {0};
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        for (int lane = 0; lane < 16; lane++) lanes[lane] += a[i + lane] * b[i + lane];
    }
    float sum = 0;
    for (int lane = 0; lane < 16; lane++) sum += lanes[lane];
    for (; i < count; i++) sum += a[i] * b[i];
    return sum;
}

static inline void prefetch_row(const float *row, size_t dimension) {
    const char *bytes = (const char *)row;
    for (size_t offset = 0; offset < dimension * sizeof(float); offset += 64) __builtin_prefetch(bytes + offset, 0, 3);
}

#if defined(__x86_64__)
#include <immintrin.h>

/// Four accumulators of eight lanes, so that consecutive FMAs do not wait on each other.
__attribute__((target("avx2,fma"))) static inline float dot_avx2(const float *a, const float *b, size_t count) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 32 <= count; i += 32) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
        s2 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 16), _mm256_loadu_ps(b + i + 16), s2);
        s3 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 24), _mm256_loadu_ps(b + i + 24), s3);
    }
    for (; i + 8 <= count; i += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    __m256 s = _mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3));
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
    h = _mm_add_ps(h, _mm_movehl_ps(h, h));
    h = _mm_add_ss(h, _mm_movehdup_ps(h));
    float sum = _mm_cvtss_f32(h);
    for (; i < count; i++) sum += a[i] * b[i];
    return sum;
}

__attribute__((target("avx2,fma"))) static float dot_avx2_call(const float *a, const float *b, size_t count) {
    return dot_avx2(a, b, count);
}

__attribute__((target("avx2,fma"))) static void dots_avx2(const float *query, const float *vectors, size_t dimension,
                                                          const uint32_t *rows, size_t count, float *scores) {
    for (size_t i = 0; i < count; i++) {
        if (i + 1 < count) prefetch_row(vectors + (size_t)rows[i + 1] * dimension, dimension);
        scores[i] = dot_avx2(query, vectors + (size_t)rows[i] * dimension, dimension);
    }
}
#endif

float ck_dot(const float *a, const float *b, size_t count) {
#if defined(__x86_64__)
    if (ck_has_avx2_fma()) return dot_avx2_call(a, b, count);
#endif
    return dot_portable(a, b, count);
}

void ck_dots(const float *query, const float *vectors, size_t dimension, const uint32_t *rows, size_t count,
             float *scores) {
#if defined(__x86_64__)
    if (ck_has_avx2_fma()) {
        dots_avx2(query, vectors, dimension, rows, count, scores);
        return;
    }
#endif
    for (size_t i = 0; i < count; i++) {
        if (i + 1 < count) prefetch_row(vectors + (size_t)rows[i + 1] * dimension, dimension);
        scores[i] = dot_portable(query, vectors + (size_t)rows[i] * dimension, dimension);
    }
}
