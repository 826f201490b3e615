#include "ckernels.h"

#if defined(__x86_64__)
#include <cpuid.h>

/// CPUID's AVX, FMA, F16C (half-float conversion, which every AVX2 processor has) and AVX2 bits, and XGETBV's bits 1 and 2: the operating system saves the SSE and AVX
/// registers on context switches, without which the instructions fault.
static int detect(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & bit_FMA) || !(c & bit_AVX) || !(c & bit_F16C) || !(c & bit_OSXSAVE)) return 0;
    unsigned low, high;
    __asm__("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    if ((low & 6) != 6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & bit_AVX2) != 0;
}
#else
static int detect(void) { return 0; }
#endif

/// 0 until detected, then 1 (absent) or 2 (present). Threads racing here compute and store the same value.
static int state;

int ck_has_avx2_fma(void) {
    int known = __atomic_load_n(&state, __ATOMIC_RELAXED);
    if (known == 0) {
        known = detect() ? 2 : 1;
        __atomic_store_n(&state, known, __ATOMIC_RELAXED);
    }
    return known == 2;
}
