import Foundation

extension LanguageModel {
    /// Loads the base model at `url` (a folder or a `.gguf` file, as `init(contentsOf:)`) and merges the
    /// PEFT adapter in `adapterFolder` into it. The adapter is read first, so a broken one is reported
    /// before the base's weights are loaded; one made for another base is refused by its shapes.
    public init(contentsOf url: URL, adapter adapterFolder: URL, threads: Int? = nil) throws {
        let adapter = try LoRAAdapter(contentsOf: adapterFolder)
        let base = try LanguageModel(contentsOf: url, threads: threads)
        self = try base.merging(adapter, adapterFile: LoRAAdapter.weightsFile(in: adapterFolder))
    }

    /// This model with `adapter` merged into its decoder; tokenizer and chat template stay the base's.
    public func merging(_ adapter: LoRAAdapter, adapterFile: String) throws -> LanguageModel {
        LanguageModel(
            source: source, decoder: try decoder.merging(adapter, adapterFile: adapterFile), tokenizer: tokenizer,
            chatTemplate: chatTemplate, stopTokenIDs: stopTokenIDs)
    }
}
