/// Typed reads of metadata keys for loaders. A missing key or one of the wrong type is a `ModelFileError`
/// naming the file and the key, like a bad `config.json` entry.
extension GGUFFile {
    func malformed(_ key: String, _ expected: String) -> ModelFileError {
        let found = metadata[key].map { $0.summary } ?? "missing"
        return ModelFileError(.malformed, file: path, message: "metadata '\(key)' must be \(expected), not \(found)")
    }

    func has(_ key: String) -> Bool { metadata[key] != nil }

    func string(_ key: String) throws -> String {
        guard let value = metadata[key]?.string else { throw malformed(key, "a string") }
        return value
    }

    func optionalString(_ key: String) throws -> String? {
        has(key) ? try string(key) : nil
    }

    /// An integer of any width, at least `minimum`.
    func int(_ key: String, minimum: Int = 0) throws -> Int {
        guard let value = metadata[key]?.integer, value >= minimum else {
            throw malformed(key, minimum == 1 ? "a positive integer" : "an integer of at least \(minimum)")
        }
        return value
    }

    func optionalInt(_ key: String, minimum: Int = 0) throws -> Int? {
        has(key) ? try int(key, minimum: minimum) : nil
    }

    func positiveDouble(_ key: String, default defaultValue: Double) throws -> Double {
        guard let value = metadata[key] else { return defaultValue }
        guard let number = value.number, number > 0, number.isFinite else { throw malformed(key, "a positive number") }
        return number
    }

    func bool(_ key: String, default defaultValue: Bool) throws -> Bool {
        guard let value = metadata[key] else { return defaultValue }
        guard let bool = value.bool else { throw malformed(key, "a bool") }
        return bool
    }

    /// An array whose elements are all strings.
    func strings(_ key: String) throws -> [String] {
        guard case .array(.string, let elements)? = metadata[key] else { throw malformed(key, "an array of strings") }
        return elements.map { $0.string! }
    }

    /// An array whose elements are all integers (of one width, as arrays are).
    func integers(_ key: String) throws -> [Int] {
        guard let elements = metadata[key]?.array else { throw malformed(key, "an array of integers") }
        return try elements.map { element in
            guard let value = element.integer else { throw malformed(key, "an array of integers") }
            return value
        }
    }

    /// The length of an array without its elements, e.g. the vocabulary's size from `tokenizer.ggml.tokens`.
    func arrayCount(_ key: String) -> Int? { metadata[key]?.array?.count }
}
