import Foundation
import Generation

/// The fields chat and text completions share: how to sample, how many answers, and how to send them.
/// Read from the request's JSON object by hand rather than `Decodable`, so that each bad value is reported
/// with its field name (`param`) the way OpenAI reports it, and unknown fields are ignored as OpenAI-
/// compatible servers do.
struct SamplingParameters: Sendable, Equatable {
    var model: String
    var options: GenerationOptions
    /// How many answers to the one prompt (`n`), each sampled on its own.
    var choices: Int
    var stream: Bool
    /// `stream_options.include_usage`: end the stream with a chunk carrying the token counts.
    var includeUsage: Bool
    /// `logit_bias`: added to the logits of the tokens it names, from -100 (never) to 100 (always).
    var logitBias: [Int: Float]
    /// `response_format` of type `json_object` or `json_schema`: the JSON every answer must be.
    var responseFormat: JSONGrammar?

    /// The most answers one request may ask for.
    static let maxChoices = 8
    /// Tokens generated when the request sets no limit: OpenAI's own default is the rest of the context,
    /// but each answer's cache is reserved up front, and a long one for every client would not fit.
    static let defaultMaxTokens = 512

    init(_ body: [String: Any]) throws(APIError) {
        let fields = RequestFields(body)
        guard let model = try fields.string("model") else {
            throw APIError.invalid("model", "'model' is required: the name GET /v1/models lists")
        }
        self.model = model
        let temperature = try fields.number("temperature") ?? 1
        guard (0...2).contains(temperature) else {
            throw APIError.invalid("temperature", "'temperature' must be between 0 and 2, got \(temperature)")
        }
        let topP = try fields.number("top_p") ?? 1
        guard topP > 0, topP <= 1 else { throw APIError.invalid("top_p", "'top_p' must be in (0, 1], got \(topP)") }
        var maxTokens = try fields.integer("max_completion_tokens")
        if maxTokens == nil { maxTokens = try fields.integer("max_tokens") }
        if let maxTokens, maxTokens < 1 {
            let name = body["max_completion_tokens"] != nil ? "max_completion_tokens" : "max_tokens"
            throw APIError.invalid(name, "'\(name)' must be at least 1, got \(maxTokens)")
        }
        let stop = try Self.stops(body["stop"])
        let seed = try fields.integer("seed").map { UInt64(bitPattern: Int64($0)) }
        let penalty = try fields.number("repetition_penalty") ?? 1
        guard penalty > 0 else {
            throw APIError.invalid("repetition_penalty", "'repetition_penalty' must be above 0, got \(penalty)")
        }
        options = GenerationOptions(
            temperature: temperature, topP: topP, maxTokens: maxTokens ?? Self.defaultMaxTokens, stop: stop, seed: seed,
            repetitionPenalty: penalty)
        choices = try fields.integer("n") ?? 1
        guard (1...Self.maxChoices).contains(choices) else {
            throw APIError.invalid("n", "'n' must be between 1 and \(Self.maxChoices), got \(choices)")
        }
        stream = try fields.bool("stream") ?? false
        if let streamOptions = try fields.object("stream_options") {
            includeUsage = try RequestFields(streamOptions, prefix: "stream_options.").bool("include_usage") ?? false
        } else {
            includeUsage = false
        }
        logitBias = try Self.logitBias(fields.object("logit_bias"))
        responseFormat = try Self.responseFormat(fields.object("response_format"))
        if let tools = body["tools"] as? [Any], !tools.isEmpty {
            throw APIError.invalid("tools", "tool calls are not supported by this server; leave 'tools' out")
        }
    }

    /// `response_format`: `text` (or none), `json_object` (any JSON object), or `json_schema` with the schema
    /// under `json_schema.schema`, enforced while decoding.
    private static func responseFormat(_ object: [String: Any]?) throws(APIError) -> JSONGrammar? {
        guard let object else { return nil }
        switch object["type"] as? String {
        case "text": return nil
        case "json_object": return .anyObject
        case "json_schema":
            guard let wrapper = object["json_schema"] as? [String: Any] else {
                throw APIError.invalid(
                    "response_format.json_schema", "'json_schema' must be an object with the schema under 'schema'")
            }
            guard let schema = wrapper["schema"] else {
                throw APIError.invalid("response_format.json_schema.schema", "'json_schema.schema' is required")
            }
            do {
                return try JSONSchemaCompiler.compile(schema)
            } catch {
                let path = ["response_format.json_schema.schema", error.path].filter { !$0.isEmpty }.joined(separator: ".")
                throw APIError.invalid(path, "the schema cannot be enforced: \(error.description)")
            }
        case let type:
            throw APIError.invalid(
                "response_format.type",
                "'response_format.type' must be 'text', 'json_object' or 'json_schema', got \(type.map { "'\($0)'" } ?? "none")")
        }
    }

    /// `logit_bias`: token ids, written as strings, to numbers between -100 and 100.
    private static func logitBias(_ object: [String: Any]?) throws(APIError) -> [Int: Float] {
        var bias: [Int: Float] = [:]
        for (key, value) in object ?? [:] {
            guard let token = Int(key), token >= 0 else {
                throw APIError.invalid("logit_bias", "the keys of 'logit_bias' must be token ids, got '\(key)'")
            }
            guard let number = value as? NSNumber, (-100...100).contains(number.doubleValue) else {
                throw APIError.invalid("logit_bias", "the values of 'logit_bias' must be numbers from -100 to 100")
            }
            bias[token] = number.floatValue
        }
        return bias
    }

    /// `stop`: a string or up to four strings.
    private static func stops(_ value: Any?) throws(APIError) -> [String] {
        switch value {
        case nil, is NSNull: return []
        case let text as String: return [text]
        case let list as [Any]:
            let texts = list.compactMap { $0 as? String }
            guard texts.count == list.count, texts.count <= 4 else {
                throw APIError.invalid("stop", "'stop' must be a string or an array of at most 4 strings")
            }
            return texts
        default: throw APIError.invalid("stop", "'stop' must be a string or an array of at most 4 strings")
        }
    }
}
