import Generation
import Orchestrator

/// The parameters both dataset steps share: how extracts are cut, how answers are sampled, the split, and
/// when the result is too poor to succeed.
struct DatasetSettings {
    let generator: GeneratorSettings
    let extractWords: Int
    let maxExtracts: Int
    let itemsPerExtract: Int
    let seed: Int
    let testFraction: Double
    let language: String?
    let options: GenerationOptions
    let thresholds: DatasetThresholds

    static func descriptors(itemsPerExtract: Int, itemsSummary: String) -> [ParameterDescriptor] {
        [
            GeneratorParameter.descriptor,
            ParameterDescriptor(
                "extract_words", .int, default: 400, "About how many words of one author's text one prompt gets."),
            ParameterDescriptor(
                "max_extracts", .int, default: 0,
                "Use at most this many extracts (a sample spread over the input, the same for the same input); 0 uses all."),
            ParameterDescriptor("pairs_per_extract", .int, default: .int(itemsPerExtract), itemsSummary),
            ParameterDescriptor("seed", .int, default: 42, "Seeds the sampling of every answer and the train/test split."),
            ParameterDescriptor("test_fraction", .number, default: 0.1, "The share of examples held out as the test split."),
            ParameterDescriptor(
                "language", .string, default: "en",
                "Keep only examples in this language (\(LanguageGuess.known.joined(separator: ", "))), or 'any'."),
            ParameterDescriptor("temperature", .number, default: 0.7, "Sampling temperature; 0 is greedy decoding."),
            ParameterDescriptor("top_p", .number, default: 0.95, "Nucleus sampling threshold."),
            ParameterDescriptor("max_tokens", .int, default: 1024, "The most tokens one answer may have."),
            ParameterDescriptor(
                "repetition_penalty", .number, default: 1.1,
                "Above 1, discourages the native backend from repeating itself (small models loop without it); 1 turns it off."),
        ] + DatasetThresholds.descriptors
    }

    init(_ parameters: StepParameters) throws {
        generator = try GeneratorParameter.settings(parameters)
        extractWords = try parameters.int("extract_words")
        guard extractWords >= 20 else { throw StepFailure("parameter 'extract_words' must be at least 20, got \(extractWords)") }
        maxExtracts = try parameters.int("max_extracts")
        guard maxExtracts >= 0 else { throw StepFailure("parameter 'max_extracts' must be 0 (all) or more") }
        itemsPerExtract = try parameters.int("pairs_per_extract")
        guard (1...20).contains(itemsPerExtract) else {
            throw StepFailure("parameter 'pairs_per_extract' must be between 1 and 20, got \(itemsPerExtract)")
        }
        seed = try parameters.int("seed")
        testFraction = try parameters.double("test_fraction")
        guard (0..<1).contains(testFraction) else {
            throw StepFailure("parameter 'test_fraction' must be at least 0 and below 1, got \(testFraction)")
        }
        let language = try parameters.string("language")
        guard language == "any" || LanguageGuess.known.contains(language) else {
            throw StepFailure(
                "parameter 'language' must be 'any' or one of \(LanguageGuess.known.joined(separator: ", ")), got '\(language)'")
        }
        self.language = language == "any" ? nil : language
        let temperature = try parameters.double("temperature")
        let topP = try parameters.double("top_p")
        let maxTokens = try parameters.int("max_tokens")
        guard temperature >= 0 else { throw StepFailure("parameter 'temperature' must be 0 or more") }
        guard topP > 0, topP <= 1 else { throw StepFailure("parameter 'top_p' must be above 0 and at most 1") }
        guard maxTokens > 0 else { throw StepFailure("parameter 'max_tokens' must be at least 1") }
        let penalty = try parameters.double("repetition_penalty")
        guard penalty >= 1 else { throw StepFailure("parameter 'repetition_penalty' must be 1 or more, got \(penalty)") }
        options = GenerationOptions(temperature: temperature, topP: topP, maxTokens: maxTokens, repetitionPenalty: penalty)
        thresholds = try DatasetThresholds(parameters)
    }

    /// The extracts to prompt with: all, or `maxExtracts` of them picked by a hash of their ids, which
    /// spreads the sample over authors and documents and keeps it stable.
    func chosen(_ extracts: [TextExtract]) -> [TextExtract] {
        guard maxExtracts > 0, extracts.count > maxExtracts else { return extracts }
        let keep = Set(extracts.map(\.id).sorted().prefix(maxExtracts))
        return extracts.filter { keep.contains($0.id) }
    }

    /// Whether `text` is in the wanted language, or a reason to reject it.
    func languageProblem(_ text: String) -> String? {
        guard let language, let found = LanguageGuess.language(of: text), found != language else { return nil }
        return "written in '\(found)', not '\(language)'"
    }
}
