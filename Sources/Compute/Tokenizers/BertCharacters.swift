/// The character classes of BERT's normalizer and pre-tokenizer, as Hugging Face `tokenizers` defines them.
///
/// The reference takes general categories from the `unicode_categories` Rust crate, whose tables are
/// Unicode 8.0, and canonical decompositions from a Unicode 9.0 normalization crate; whitespace and case
/// mappings come from Rust's standard library, which is current, like Swift's tables. So a category test
/// here asks for "the category as of Unicode 8.0": a scalar assigned later (by its `age`) is unassigned
/// for this purpose, neither a control character, nor punctuation, nor an accent, and the few scalars whose
/// category changed since are listed. Every code point was compared with `tokenizers` 0.23.3 this way
/// (see Tests/ComputeTests/Fixtures/tokenizer/README.md).
enum BertCharacters {
    /// Characters the reference treats as whitespace: tab, newline, carriage return, and Unicode
    /// White_Space (Rust's `char::is_whitespace`).
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }

    /// Removed by text cleaning: other characters (Cc, Cf, Co as of Unicode 8.0), except the tab, newline and
    /// carriage return, which count as whitespace. NUL and U+FFFD are removed by the caller.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        default:
            switch legacyCategory(scalar) {
            case .control, .format, .privateUse, .surrogate: return true
            default: return false
            }
        }
    }

    /// Split off as a token of its own: ASCII symbols and punctuation (`!` to `/`, `:` to `@`, `[` to `` ` ``,
    /// `{` to `~`, which BERT counts as punctuation though `$`, `+`, `^`... are symbols in Unicode), and
    /// Unicode punctuation (P* as of Unicode 8.0).
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        default:
            switch legacyCategory(scalar) {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                .initialPunctuation, .finalPunctuation, .otherPunctuation:
                return true
            default: return false
            }
        }
    }

    /// Removed when stripping accents after NFD: nonspacing marks (Mn as of Unicode 8.0).
    static func isNonspacingMark(_ scalar: Unicode.Scalar) -> Bool {
        legacyCategory(scalar) == .nonspacingMark
    }

    /// CJK ideographs, which BERT surrounds with spaces so each becomes a word. These are the reference's
    /// ranges, including its `0x2B920` (not `0x2B820`) start of Extension E.
    static func isChinese(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
            0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default: return false
        }
    }

    /// The general category as the reference's Unicode 8.0 tables have it; nil for scalars unassigned then.
    /// (Unassigned is not "other" for the reference: it keeps them, and so does text cleaning here.)
    static func legacyCategory(_ scalar: Unicode.Scalar) -> Unicode.GeneralCategory? {
        guard let age = scalar.properties.age, age.major <= 8 else {
            // Unassigned then (or still). Private use has an age in Swift's tables; the fallback is only defensive.
            let category = scalar.properties.generalCategory
            return category == .privateUse ? category : nil
        }
        if let changed = categoryChanges[scalar.value] { return changed }
        return scalar.properties.generalCategory
    }

    /// Scalars assigned by Unicode 8.0 whose general category has changed since, with their 8.0 category.
    static let categoryChanges: [UInt32: Unicode.GeneralCategory] = [
        0x166D: .otherPunctuation,  // CANADIAN SYLLABICS CHI SIGN, So since 12.0
        0x1734: .nonspacingMark,  // HANUNOO SIGN PAMUDPOD, Mc since 14.0
        0x1885: .otherLetter,  // MONGOLIAN LETTER ALI GALI BALUDA, Mn since 9.0
        0x1886: .otherLetter,  // MONGOLIAN LETTER ALI GALI THREE BALUDA, Mn since 9.0
        0xA9BD: .spacingMark,  // JAVANESE CONSONANT SIGN KERET, Mn since 12.0
        0x111C9: .otherPunctuation,  // SHARADA SANDHI MARK, Mn since 11.0
        0x1171E: .nonspacingMark,  // AHOM CONSONANT SIGN MEDIAL RA, Mc since 14.0
    ]

    /// Whether the reference's Unicode 9.0 normalization tables know the scalar. Those it does not know
    /// have no decomposition and combining class 0 there, so NFD leaves them in place and never reorders
    /// marks across them.
    static func isKnownToNormalization(_ scalar: Unicode.Scalar) -> Bool {
        guard let age = scalar.properties.age else { return false }
        return age.major < 9 || (age.major == 9 && age.minor == 0)
    }
}
