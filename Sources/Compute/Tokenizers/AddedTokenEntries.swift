/// The `added_tokens` list of a tokenizer.json, which every tokenizer model reads the same way.
enum AddedTokenEntries {
    /// Each token with its `special` flag; ids must lie in `validIDs`.
    static func read(_ root: JSONObject, validIDs: Range<Int> = 0..<Int.max) throws -> [(token: AddedToken, special: Bool)] {
        guard root.has("added_tokens") else { return [] }
        return try root.array("added_tokens").enumerated().map { index, value in
            guard let values = value as? [String: Any] else { throw root.malformed("added_tokens", "an array of objects") }
            let entry = JSONObject(values, file: root.file, path: "added_tokens[\(index)].")
            if try entry.bool("single_word", default: false) {
                throw ModelFileError(
                    .unsupported, file: root.file,
                    message: "added token '\(try entry.string("content"))' sets single_word, which is not supported")
            }
            let id = try entry.int("id")
            guard validIDs.contains(id) else { throw entry.malformed("id", "an integer id from 0 to \(validIDs.upperBound - 1)") }
            let token = AddedToken(
                content: try entry.string("content"), id: id,
                normalized: try entry.bool("normalized", default: false),
                leftStrip: try entry.bool("lstrip", default: false), rightStrip: try entry.bool("rstrip", default: false))
            return (token, try entry.bool("special", default: false))
        }
    }
}
