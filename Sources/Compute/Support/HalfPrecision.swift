/// Widening and narrowing of the 16-bit float formats that model weights are stored in. Written out by hand because
/// Swift's `Float16` is missing on some platforms (Intel macOS), and bfloat16 has no Swift type at all.
enum HalfPrecision {
    /// IEEE 754 binary16 to binary32, exact for every value including subnormals, infinities and NaN.
    static func float(fromHalf bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits) & 0x3FF
        switch exponent {
        case 0:
            // Zero or subnormal: the value is mantissa × 2^-24, exact in a Float.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
        }
    }

    /// bfloat16 is the top half of a binary32, so widening is a shift.
    static func float(fromBFloat16 bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    /// binary32 to the nearest binary16, ties to even (as F16C's `vcvtps2ph` and numpy round): values past
    /// the largest half become infinities, tiny ones subnormals or zero; NaN stays NaN.
    static func half(fromFloat value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF)
        let mantissa = bits & 0x7F_FFFF
        if exponent == 0xFF {
            return sign | 0x7C00 | (mantissa == 0 ? 0 : 0x200 | UInt16(mantissa >> 13))
        }
        let halfExponent = exponent - 127 + 15
        if halfExponent >= 0x1F { return sign | 0x7C00 }
        if halfExponent <= 0 {
            // A subnormal half holds the significand shifted right: m · 2^-24.
            guard halfExponent >= -10 else { return sign }
            let significand = mantissa | 0x80_0000
            return sign | UInt16(roundedShift(significand, by: UInt32(14 - halfExponent)))
        }
        // A carry out of the mantissa moves into the exponent, which is the correct rounding (up to infinity).
        let rounded = roundedShift(mantissa, by: 13)
        return sign | UInt16((UInt32(halfExponent) << 10) + rounded)
    }

    /// binary32 to the nearest bfloat16, ties to even, as PyTorch rounds; NaN stays a (quiet) NaN.
    static func bfloat16(fromFloat value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(bits >> 16) | 0x40 }
        let rounding = 0x7FFF + ((bits >> 16) & 1)
        return UInt16((bits &+ rounding) >> 16)
    }

    /// `value >> shift`, rounded to nearest with ties to even.
    private static func roundedShift(_ value: UInt32, by shift: UInt32) -> UInt32 {
        let kept = value >> shift
        let rest = value & ((1 << shift) - 1)
        let halfway: UInt32 = 1 << (shift - 1)
        return rest > halfway || (rest == halfway && kept & 1 == 1) ? kept + 1 : kept
    }
}
