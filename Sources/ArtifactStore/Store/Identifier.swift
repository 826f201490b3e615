import Foundation

/// Random ids for runs and artifacts. Random rather than time-ordered, so that a short prefix
/// (as with git) is almost always unique.
public enum Identifier {
    private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    /// 20 characters of a 32-letter alphabet: 100 bits.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int(generator.next() % 32)] })
    }

    /// The short form listings print.
    public static func short(_ id: String) -> String { String(id.prefix(8)) }
}
