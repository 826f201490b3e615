import CoreFoundation
import Foundation

/// A character encoding resolved from a label. The labels browsers treat specially (the WHATWG encoding
/// standard's aliases for UTF-8, UTF-16 and windows-1252) are mapped here; anything else is asked of
/// CoreFoundation, which knows the IANA names of the encodings it can convert.
enum Charset: Equatable {
    case utf8
    case utf16LittleEndian
    case utf16BigEndian
    /// "utf-16" without an endianness: the bytes decide, little-endian when they do not.
    case utf16
    case windows1252
    case foundation(String.Encoding, name: String)

    init?(label: String) {
        let name = label.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"'")))
            .lowercased()
        guard !name.isEmpty else { return nil }
        if Self.utf8Labels.contains(name) {
            self = .utf8
        } else if Self.windows1252Labels.contains(name) {
            self = .windows1252
        } else if name == "utf-16le" || name == "unicodefeff" {
            self = .utf16LittleEndian
        } else if name == "utf-16be" || name == "unicodefffe" {
            self = .utf16BigEndian
        } else if Self.utf16Labels.contains(name) {
            self = .utf16
        } else if let encoding = Self.foundationEncoding(ianaName: name) {
            self = .foundation(encoding, name: Self.iso885915Labels.contains(name) ? "iso-8859-15" : name)
        } else {
            return nil
        }
    }

    var name: String {
        switch self {
        case .utf8: "utf-8"
        case .utf16LittleEndian, .utf16: "utf-16le"
        case .utf16BigEndian: "utf-16be"
        case .windows1252: "windows-1252"
        case .foundation(_, let name): name
        }
    }

    /// Single-byte legacy labels that servers and templates attach to UTF-8 pages by mistake.
    var isLatinFamily: Bool {
        switch self {
        case .windows1252: true
        case .foundation(_, let name): name == "iso-8859-15"
        default: false
        }
    }

    /// A `<meta>` declaration was read as ASCII, so it cannot truthfully announce UTF-16; browsers take UTF-8.
    var asMetaDeclaration: Charset {
        switch self {
        case .utf16, .utf16BigEndian, .utf16LittleEndian: .utf8
        default: self
        }
    }

    private static func foundationEncoding(ianaName: String) -> String.Encoding? {
        guard let cfName = CFStringCreateWithCString(nil, ianaName, CFStringBuiltInEncodings.UTF8.rawValue) else {
            return nil
        }
        let cfEncoding = CFStringConvertIANACharSetNameToEncoding(cfName)
        guard cfEncoding != kCFStringEncodingInvalidId else { return nil }
        return String.Encoding(rawValue: UInt(CFStringConvertEncodingToNSStringEncoding(cfEncoding)))
    }

    private static let utf8Labels: Set<String> = [
        "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8",
    ]
    private static let utf16Labels: Set<String> = ["utf-16", "utf16", "unicode", "ucs-2", "csunicode", "iso-10646-ucs-2"]
    private static let windows1252Labels: Set<String> = [
        "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987",
        "latin1", "l1", "csisolatin1", "iso-ir-100", "ibm819", "cp819", "us-ascii", "ascii", "ansi_x3.4-1968",
    ]
    private static let iso885915Labels: Set<String> = [
        "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "latin9", "l9", "csisolatin9", "latin-9",
    ]
}
