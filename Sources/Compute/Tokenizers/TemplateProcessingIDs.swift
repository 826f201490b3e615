/// The ids a `TemplateProcessing` post-processor puts around a single text: the special tokens of its
/// `single` template before and after the one `Sequence`, with their ids from `special_tokens`.
enum TemplateProcessingIDs {
    static func single(_ object: JSONObject) throws -> (prefix: [Int], suffix: [Int]) {
        let specials = try object.object("special_tokens")
        var prefix: [Int] = []
        var suffix: [Int] = []
        var seenSequence = false
        for item in try object.array("single") {
            guard let item = item as? [String: Any] else { throw object.malformed("single", "an array of template pieces") }
            if item["Sequence"] != nil {
                seenSequence = true
                continue
            }
            guard let special = item["SpecialToken"] as? [String: Any], let name = special["id"] as? String else {
                throw object.malformed("single", "an array of Sequence and SpecialToken pieces")
            }
            let entry = try specials.object(name)
            let ids = try entry.array("ids").map { value in
                guard let id = JSONFile.integer(value) else { throw entry.malformed("ids", "an array of integers") }
                return id
            }
            if seenSequence { suffix += ids } else { prefix += ids }
        }
        guard seenSequence else { throw object.malformed("single", "a template with a Sequence") }
        return (prefix, suffix)
    }
}
