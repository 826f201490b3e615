import CKernels

/// Whether the AVX2 and FMA kernels of CKernels run on this processor. Where they do not (older x86-64,
/// other architectures), the encoder keeps its Swift loops and OpenBLAS products.
enum NativeKernels {
    static let available = ck_has_avx2_fma() != 0
}
