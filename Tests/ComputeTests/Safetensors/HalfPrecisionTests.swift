import Compute
import Foundation
import OrchestrateTesting
import Testing

/// F16 and BF16 widen to Float exactly, special values included (checked through a one-tensor file).
@Suite("16-bit floats")
struct HalfPrecisionTests {
    func widened(_ dtype: String, _ bits: [UInt16]) throws -> [Float] {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("h.safetensors")
        try SafetensorsBytes.file([.init(name: "h", dtype: dtype, shape: [bits.count], data: SafetensorsBytes.u16(bits))]).write(
            to: url)
        return try SafetensorsFile(contentsOf: url).floats("h")
    }

    @Test("F16: normal, subnormal, largest, zero signs, infinities and NaN")
    func half() throws {
        let values = try widened(
            "F16", [0x3C00, 0xBC00, 0x7BFF, 0x0400, 0x0001, 0x03FF, 0x0000, 0x8000, 0x7C00, 0xFC00, 0x7E00, 0x3555])
        #expect(Array(values[0..<6]) == [1, -1, 65504, 0x1p-14, 0x1p-24, 1023 * 0x1p-24])
        #expect(values[6] == 0 && values[6].sign == .plus)
        #expect(values[7] == 0 && values[7].sign == .minus)
        #expect(values[8] == .infinity && values[9] == -.infinity)
        #expect(values[10].isNaN)
        #expect(values[11] == 0.333251953125)
    }

    @Test("BF16 is the top half of a Float")
    func brain() throws {
        let values = try widened("BF16", [0x3F80, 0xC049, 0x7F80, 0x0001, 0x7FC0])
        #expect(Array(values[0..<4]) == [1, Float(bitPattern: 0xC049_0000), .infinity, Float(bitPattern: 0x0001_0000)])
        #expect(values[4].isNaN)
    }
}
