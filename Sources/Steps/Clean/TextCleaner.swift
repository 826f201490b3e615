import Foundation

/// Cleans document text for chunking and embedding, keeping what a reader needs.
///
/// Prose is NFKC-normalized; Markdown images become their alt text and links their text; bare
/// URLs, control and format characters, emoji and pictographs go; runs of spaces become one and
/// blank lines at most one. Fenced code blocks (```) are kept byte for byte, and punctuation
/// (`:`, `'`, `"`) stays: the book's cleaner replaced them with spaces, which broke code and quotes.
public enum TextCleaner {
    public static func clean(_ text: String) -> String {
        var segments: [String] = []
        var prose: [Substring] = []
        var code: [Substring]? = nil
        func flushProse() {
            let cleaned = cleanProse(prose.joined(separator: "\n"))
            if !cleaned.isEmpty { segments.append(cleaned) }
            prose = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let isFence = line.drop { $0 == " " || $0 == "\t" }.hasPrefix("```")
            if var block = code {
                block.append(line)
                if isFence {
                    segments.append(block.joined(separator: "\n"))
                    code = nil
                } else {
                    code = block
                }
            } else if isFence {
                flushProse()
                code = [line]
            } else {
                prose.append(line)
            }
        }
        // An unclosed fence keeps the rest verbatim: it is code the writer never closed.
        if let block = code { segments.append(block.joined(separator: "\n")) }
        flushProse()
        return segments.joined(separator: "\n\n")
    }

    /// Everything but code: the rules in the order they must apply (links before URLs, so a
    /// link's text survives; characters before whitespace, so removed emoji leave no double spaces).
    static func cleanProse(_ text: String) -> String {
        var text = text.precomposedStringWithCompatibilityMapping
        text = replace(image, in: text, with: "$1")
        text = replace(link, in: text, with: "$1")
        text = replace(bareURL, in: text, with: "")
        text = String(String.UnicodeScalarView(text.unicodeScalars.filter(keeps)))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        }
        var kept: [String] = []
        for line in lines where !(line.isEmpty && (kept.last?.isEmpty ?? true)) {
            kept.append(line)
        }
        while kept.last?.isEmpty == true { kept.removeLast() }
        return kept.joined(separator: "\n")
    }

    /// Keeps newlines and tabs; drops other control, format, private-use and unassigned
    /// characters, and pictographs: symbols above Latin-1 (so ©, ° and £ stay), emoji modifiers,
    /// variation selectors and the keycap mark.
    static func keeps(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\t" { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .privateUse, .surrogate, .unassigned:
            return false
        case .otherSymbol:
            return scalar.value <= 0xFF
        default:
            break
        }
        if scalar.properties.isEmojiModifier { return false }
        switch scalar.value {
        case 0xFE00...0xFE0F, 0xE0100...0xE01EF, 0x20E3: return false
        default: return true
        }
    }

    static let image = try! NSRegularExpression(pattern: #"!\[([^\]\n]*)\]\([^)\n]*\)"#)
    static let link = try! NSRegularExpression(pattern: #"\[([^\]\n]+)\]\([^)\n]*\)"#)
    static let bareURL = try! NSRegularExpression(pattern: #"\b(?:https?://|www\.)[^\s<>()\[\]]+"#)

    static func replace(_ pattern: NSRegularExpression, in text: String, with template: String) -> String {
        pattern.stringByReplacingMatches(
            in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}
