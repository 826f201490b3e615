import Foundation

/// BERT's text normalization, step for step as Hugging Face's `BertNormalizer`: clean the text, put spaces
/// around CJK ideographs, strip accents, lower-case. It works on Unicode scalars, as the reference works on
/// Rust `char`s, never on Swift `Character`s (which would merge a letter with its accents).
public struct BertNormalizer: Sendable, Equatable {
    /// Remove NUL, U+FFFD and control characters; turn every whitespace character into a space.
    public var cleanText: Bool
    /// Surround each CJK ideograph with spaces, so that each becomes a word of its own.
    public var handleChineseCharacters: Bool
    /// Decompose (NFD) and drop nonspacing marks. `nil` follows `lowercase`, as the reference does.
    public var stripAccents: Bool?
    /// Map each scalar to its full lower-case mapping (no locale, no context such as a final sigma).
    public var lowercase: Bool

    public init(cleanText: Bool = true, handleChineseCharacters: Bool = true, stripAccents: Bool? = nil, lowercase: Bool = true) {
        self.cleanText = cleanText
        self.handleChineseCharacters = handleChineseCharacters
        self.stripAccents = stripAccents
        self.lowercase = lowercase
    }

    public func normalize<Scalars: Sequence<Unicode.Scalar>>(_ text: Scalars) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.underestimatedCount)
        let space: Unicode.Scalar = " "
        for scalar in text {
            if cleanText {
                if scalar.value == 0 || scalar.value == 0xFFFD || BertCharacters.isControl(scalar) { continue }
                if BertCharacters.isWhitespace(scalar) {
                    scalars.append(space)
                    continue
                }
            }
            if handleChineseCharacters && BertCharacters.isChinese(scalar) {
                scalars += [space, scalar, space]
            } else {
                scalars.append(scalar)
            }
        }
        if stripAccents ?? lowercase {
            scalars = Self.decomposed(scalars).filter { !BertCharacters.isNonspacingMark($0) }
        }
        if lowercase {
            var lowered: [Unicode.Scalar] = []
            lowered.reserveCapacity(scalars.count)
            for scalar in scalars {
                if scalar.isASCII {
                    lowered.append(scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(scalar.value + 0x20)! : scalar)
                } else {
                    lowered += scalar.properties.lowercaseMapping.unicodeScalars
                }
            }
            scalars = lowered
        }
        return scalars
    }

    /// NFD as the reference's Unicode 9.0 tables compute it. Scalars those tables do not know are starters
    /// there, so the text is decomposed run by run between them and they stay as they are. (Decompositions
    /// and combining classes of assigned scalars never change, so Foundation's NFD is exact within a run.)
    static func decomposed(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        if scalars.allSatisfy(\.isASCII) { return scalars }
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(scalars.count + scalars.count / 4)
        var run = String.UnicodeScalarView()
        func flush() {
            guard !run.isEmpty else { return }
            result += String(run).decomposedStringWithCanonicalMapping.unicodeScalars
            run = String.UnicodeScalarView()
        }
        for scalar in scalars {
            if scalar.isASCII || !BertCharacters.isKnownToNormalization(scalar) {
                // An ASCII scalar is a starter with no decomposition too; ending the run there keeps runs short.
                flush()
                result.append(scalar)
            } else {
                run.append(scalar)
            }
        }
        flush()
        return result
    }
}
