/// The other direction of `GGUFPreTokenizer`: which `tokenizer.ggml.pre` name a `tokenizer.json` stands for,
/// for writing a model folder's tokenizer into a GGUF file. A GGUF file stores only the name, so the
/// tokenizer's pre-tokenizer, normalizer and `ignore_merges` must be exactly one of the known sets.
extension GGUFPreTokenizer {
    /// One step of a pre-tokenizer or normalizer, reduced to what changes the tokens.
    enum Step: Equatable {
        case split(pattern: String, behavior: String, invert: Bool)
        case digits(individual: Bool)
        case byteLevel(addPrefixSpace: Bool, useRegex: Bool)
        case normalizer(String)
    }

    /// The steps and merge setting each supported name stands for.
    static let knownSteps: [(name: String, steps: [Step], ignoreMerges: Bool)] = [
        ("gpt-2", [.byteLevel(addPrefixSpace: false, useRegex: true)], false),
        ("smollm", [.digits(individual: true), .byteLevel(addPrefixSpace: false, useRegex: true)], false),
        (
            "llama-bpe",
            [
                .split(pattern: llama3Pattern, behavior: "Isolated", invert: false),
                .byteLevel(addPrefixSpace: false, useRegex: false),
            ],
            true
        ),
        (
            "qwen2",
            [
                .normalizer("NFC"), .split(pattern: qwen2Pattern, behavior: "Isolated", invert: false),
                .byteLevel(addPrefixSpace: false, useRegex: false),
            ],
            false
        ),
    ]

    /// The name for the tokenizer.json `root`, or nil when it matches none of `knownSteps`.
    static func name(forTokenizerJSON root: JSONObject) throws -> String? {
        var steps: [Step] = []
        if let normalizer = try root.optionalObject("normalizer") {
            let parts =
                try normalizer.optionalString("type") == "Sequence"
                ? try normalizer.array("normalizers").compactMap { ($0 as? [String: Any])?["type"] as? String }
                : [try normalizer.optionalString("type") ?? ""]
            steps += parts.map(Step.normalizer)
        }
        if let preTokenizer = try root.optionalObject("pre_tokenizer") {
            let parts =
                try preTokenizer.optionalString("type") == "Sequence"
                ? try preTokenizer.array("pretokenizers").compactMap { $0 as? [String: Any] }
                : [preTokenizer.values]
            steps += try parts.map { try step(JSONObject($0, file: root.file)) }
        }
        let ignoreMerges = try root.object("model").bool("ignore_merges", default: false)
        return knownSteps.first { $0.steps == steps && $0.ignoreMerges == ignoreMerges }?.name
    }

    private static func step(_ object: JSONObject) throws -> Step {
        let type = try object.optionalString("type") ?? ""
        switch type {
        case "Split":
            let pattern = try object.optionalObject("pattern")
            return .split(
                pattern: try pattern?.optionalString("Regex") ?? "", behavior: try object.optionalString("behavior") ?? "",
                invert: try object.bool("invert", default: false))
        case "Digits":
            return .digits(individual: try object.bool("individual_digits", default: false))
        case "ByteLevel":
            return .byteLevel(
                addPrefixSpace: try object.bool("add_prefix_space", default: true),
                useRegex: try object.bool("use_regex", default: true))
        default:
            return .normalizer("pre-tokenizer \(type)")
        }
    }
}
