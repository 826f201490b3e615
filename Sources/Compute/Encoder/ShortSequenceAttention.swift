import CKernels

/// Scaled dot-product attention of one short text, all heads at once, computed in registers by
/// `ck_attention` (CKernels) instead of two matrix products per head.
///
/// A ten-word query has about fifteen tokens: each head's products are then a few thousand multiply-adds,
/// less than what OpenBLAS spends per call on dispatch, packing and scaling its output, and a batch of 32
/// queries makes 768 such calls per layer. The kernel needs AVX2 and FMA (Swift compiles for the x86-64
/// baseline, where the same loops were no faster than the calls); without them, and for long texts, the
/// encoder keeps the matrix products.
enum ShortSequenceAttention {
    /// The longest text the kernel takes.
    static let longestSequence = Int(CK_ATTENTION_LONGEST)

    /// Whether attention over `length` tokens goes through the kernel.
    static func handles(length: Int) -> Bool {
        NativeKernels.available && length >= 1 && length <= longestSequence
    }

    /// Floats of scratch memory the kernel needs for heads of `headSize`.
    static func scratchCount(headSize: Int) -> Int {
        ck_attention_scratch_count(headSize)
    }

    /// Writes `softmax(q·kᵀ · scale)·v` of every head into `context` (row stride `heads · headSize`, heads
    /// side by side), reading each token's queries, keys and values from one row of `queryKeyValue`
    /// (row stride 3 · heads · headSize). Only for lengths the kernel `handles`.
    static func attend(
        _ queryKeyValue: UnsafePointer<Float>, length: Int, heads: Int, headSize: Int, scale: Float,
        into context: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
    ) {
        precondition(handles(length: length), "no short-sequence attention for \(length) tokens on this processor")
        ck_attention(queryKeyValue, length, heads, headSize, scale, context, scratch)
    }
}
