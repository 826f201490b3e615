/// Python's string operations, on Unicode scalars as Python counts them (Swift's `String` compares and
/// splits by grapheme clusters and canonical equivalence, which Python does not).
enum PythonString {
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    static func string(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// `strip`, `lstrip`, `rstrip`: whitespace, or the characters of `characters` when given.
    static func strip(_ text: String, _ characters: String?, leading: Bool = true, trailing: Bool = true) -> String {
        let set = characters.map { Set($0.unicodeScalars) }
        let strips: (Unicode.Scalar) -> Bool = { set?.contains($0) ?? isSpace($0) }
        var scalars = Substring(text).unicodeScalars[...]
        if leading { while let first = scalars.first, strips(first) { scalars.removeFirst() } }
        if trailing { while let last = scalars.last, strips(last) { scalars.removeLast() } }
        return string(scalars)
    }

    static func find(_ needle: [Unicode.Scalar], in haystack: [Unicode.Scalar], from start: Int = 0) -> Int? {
        guard !needle.isEmpty else { return start <= haystack.count ? start : nil }
        guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if haystack[index..<index + needle.count].elementsEqual(needle) { return index }
        }
        return nil
    }

    static func contains(_ text: String, _ part: String) -> Bool {
        find(Array(part.unicodeScalars), in: Array(text.unicodeScalars)) != nil
    }

    static func hasPrefix(_ text: String, _ prefix: String) -> Bool {
        text.unicodeScalars.starts(with: prefix.unicodeScalars)
    }

    static func hasSuffix(_ text: String, _ suffix: String) -> Bool {
        text.unicodeScalars.reversed().starts(with: suffix.unicodeScalars.reversed())
    }

    /// `split(separator, maxsplit)`: on runs of whitespace without a separator (empty pieces dropped),
    /// otherwise on each occurrence of it.
    static func split(_ text: String, _ separator: String?, maxSplit: Int = -1) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var pieces: [String] = []
        guard let separator else {
            var index = 0
            while index < scalars.count {
                while index < scalars.count, isSpace(scalars[index]) { index += 1 }
                guard index < scalars.count else { break }
                if maxSplit >= 0, pieces.count == maxSplit {
                    var end = scalars.count
                    while end > index, isSpace(scalars[end - 1]) { end -= 1 }
                    pieces.append(string(scalars[index..<end]))
                    break
                }
                let start = index
                while index < scalars.count, !isSpace(scalars[index]) { index += 1 }
                pieces.append(string(scalars[start..<index]))
            }
            return pieces
        }
        let needle = Array(separator.unicodeScalars)
        var start = 0
        while maxSplit < 0 || pieces.count < maxSplit, let found = find(needle, in: scalars, from: start) {
            pieces.append(string(scalars[start..<found]))
            start = found + needle.count
        }
        pieces.append(string(scalars[start...]))
        return pieces
    }

    static func replace(_ text: String, _ old: String, _ new: String, count: Int = -1) -> String {
        let scalars = Array(text.unicodeScalars)
        let needle = Array(old.unicodeScalars)
        var result = String.UnicodeScalarView()
        var start = 0
        var replaced = 0
        if needle.isEmpty {
            // Python puts `new` between every character and at both ends.
            for scalar in scalars {
                if count < 0 || replaced < count {
                    result.append(contentsOf: new.unicodeScalars)
                    replaced += 1
                }
                result.append(scalar)
            }
            if count < 0 || replaced < count { result.append(contentsOf: new.unicodeScalars) }
            return String(result)
        }
        while count < 0 || replaced < count, let found = find(needle, in: scalars, from: start) {
            result.append(contentsOf: scalars[start..<found])
            result.append(contentsOf: new.unicodeScalars)
            start = found + needle.count
            replaced += 1
        }
        result.append(contentsOf: scalars[start...])
        return String(result)
    }

    static func capitalize(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        return String(first).uppercased() + string(text.unicodeScalars.dropFirst()).lowercased()
    }

    /// Python's `title`: a letter after a non-letter is upper case, any other letter lower case.
    static func title(_ text: String) -> String {
        var result = ""
        var previousIsLetter = false
        for scalar in text.unicodeScalars {
            let isLetter = scalar.properties.isAlphabetic
            result += previousIsLetter ? String(scalar).lowercased() : String(scalar).uppercased()
            previousIsLetter = isLetter
        }
        return result
    }

    /// Code-point order, as Python compares strings.
    static func less(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }
}
