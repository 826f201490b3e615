import Testing

@testable import Compute

/// Rounding floats to binary16 and bfloat16, the way numpy, PyTorch and F16C do: to nearest, ties to even.
@Suite("16-bit floats, narrowing")
struct HalfPrecisionNarrowingTests {
    @Test("every half value survives widening and narrowing unchanged (NaNs stay NaN)")
    func everyHalf() {
        for bits in 0...UInt16.max {
            let value = HalfPrecision.float(fromHalf: bits)
            let back = HalfPrecision.half(fromFloat: value)
            if value.isNaN {
                #expect(HalfPrecision.float(fromHalf: back).isNaN)
            } else {
                #expect(back == bits, "\(bits)")
            }
        }
    }

    @Test("ties round to even, overflow becomes infinity, the smallest values become subnormals or zero")
    func rounding() {
        // 1 + 2^-11 lies halfway between 1 and the next half (1 + 2^-10): even is 1.
        #expect(HalfPrecision.half(fromFloat: 1 + 0x1p-11) == 0x3C00)
        // 1 + 3·2^-11 lies halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even).
        #expect(HalfPrecision.half(fromFloat: 1 + 3 * 0x1p-11) == 0x3C02)
        #expect(HalfPrecision.half(fromFloat: 1 + 0x1p-11 + 0x1p-20) == 0x3C01)
        #expect(HalfPrecision.half(fromFloat: 65504) == 0x7BFF)
        #expect(HalfPrecision.half(fromFloat: 65520) == 0x7C00)
        #expect(HalfPrecision.half(fromFloat: -1e10) == 0xFC00)
        #expect(HalfPrecision.half(fromFloat: 0x1p-24) == 0x0001)
        #expect(HalfPrecision.half(fromFloat: 0x1p-25) == 0x0000)
        #expect(HalfPrecision.half(fromFloat: 0x1p-25 * 1.0001) == 0x0001)
        #expect(HalfPrecision.half(fromFloat: 3 * 0x1p-25) == 0x0002)
        #expect(HalfPrecision.half(fromFloat: -0.0) == 0x8000)
        #expect(HalfPrecision.half(fromFloat: 0x1p-14 - 0x1p-26) == 0x0400)
    }

    #if !(os(macOS) && arch(x86_64))
        @Test("agrees with Swift's Float16 on 200,000 seeded floats of every magnitude")
        func agreesWithFloat16() {
            var random = SplitMix64(seed: 42)
            for _ in 0..<200_000 {
                let value = Float(bitPattern: UInt32(truncatingIfNeeded: random.next()))
                guard !value.isNaN else { continue }
                #expect(HalfPrecision.half(fromFloat: value) == Float16(value).bitPattern, "\(value)")
            }
        }
    #endif

    @Test("bfloat16 keeps the top half, rounded to nearest even")
    func bfloat16() {
        #expect(HalfPrecision.bfloat16(fromFloat: 1) == 0x3F80)
        #expect(HalfPrecision.bfloat16(fromFloat: Float(bitPattern: 0x3F80_8000)) == 0x3F80)
        #expect(HalfPrecision.bfloat16(fromFloat: Float(bitPattern: 0x3F81_8000)) == 0x3F82)
        #expect(HalfPrecision.bfloat16(fromFloat: Float(bitPattern: 0x3F80_8001)) == 0x3F81)
        #expect(HalfPrecision.bfloat16(fromFloat: .greatestFiniteMagnitude) == 0x7F80)
        #expect(HalfPrecision.float(fromBFloat16: HalfPrecision.bfloat16(fromFloat: .nan)).isNaN)
        for bits in stride(from: 0, through: Int(UInt16.max), by: 7) {
            let value = HalfPrecision.float(fromBFloat16: UInt16(bits))
            if !value.isNaN { #expect(HalfPrecision.bfloat16(fromFloat: value) == UInt16(bits)) }
        }
    }
}
