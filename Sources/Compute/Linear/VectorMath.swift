/// Element-wise functions on eight floats at a time, written with SIMD types so the optimizer turns them
/// into vector instructions: the encoder evaluates `exp` and `erf` billions of times per thousand passages,
/// where the scalar C library calls would cost more than all the matrix products.
enum VectorMath {
    typealias Vector = SIMD8<Float>

    /// e^x to about one ulp (Cephes' `expf` scheme): x = n·ln2 + r with |r| ≤ ln2/2, a degree-5 polynomial
    /// for e^r, and 2^n built in the exponent bits. Inputs below -87.3 give 0, as softmax needs.
    @inline(__always)
    static func exp(_ x: Vector) -> Vector {
        let low = Vector(repeating: -87.3)
        var clamped = x.replacing(with: low, where: x .< low)
        clamped = clamped.replacing(with: 88.7, where: clamped .> 88.7)
        // Adding and subtracting 1.5·2²³ rounds to the nearest integer, and leaves that integer in the low
        // bits of the sum: no per-lane rounding or conversion calls.
        let shifted = clamped * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        // ln2 split in two so that n·ln2 is subtracted without rounding error.
        var r = clamped - n * 0.693_359_375
        r = r + n * 2.121_944_4e-4
        var p = Vector(repeating: 1.987_569_150_0e-4)
        p = p * r + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        let y = p * (r * r) + r + 1
        let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let scale = unsafeBitCast((integer &+ 127) &<< 23, to: Vector.self)
        return (y * scale).replacing(with: 0, where: x .< low)
    }

    /// erf(x) as a ratio of odd and even polynomials in x, clamped to ±4 where erf is ±1 in float32;
    /// absolute error under 5e-7, well inside what the encoder's float32 arithmetic rounds away anyway.
    @inline(__always)
    static func erf(_ x: Vector) -> Vector {
        var c = x.replacing(with: -4, where: x .< -4)
        c = c.replacing(with: 4, where: c .> 4)
        let x2 = c * c
        var p = Vector(repeating: -2.726_142_3e-10)
        p = p * x2 + 2.770_681_4e-08
        p = p * x2 - 2.101_024_0e-06
        p = p * x2 - 5.692_506_4e-05
        p = p * x2 - 7.349_906_3e-04
        p = p * x2 - 2.954_600_0e-03
        p = p * x2 - 1.609_603_3e-02
        var q = Vector(repeating: -1.456_607_2e-05)
        q = q * x2 - 2.133_740_6e-04
        q = q * x2 - 1.682_827_0e-03
        q = q * x2 - 7.373_329_2e-03
        q = q * x2 - 1.426_473_9e-02
        return c * p / q
    }
}
