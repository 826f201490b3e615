import Foundation

extension LlamaModel {
    /// Loads a Llama-family decoder from a GGUF file (llama.cpp's and Ollama's format): the configuration
    /// from its metadata, every tensor's name, shape and type checked before any is read. Quantized weights
    /// stay quantized unless `exact`, which dequantizes them all to float32 at load: the same values ggml
    /// computes with, at four to eight times the memory, for checking results against a float reference.
    public convenience init(gguf url: URL, threads: Int? = nil, exact: Bool = false) throws {
        let file = try GGUFFile(contentsOf: url)
        try self.init(gguf: file, source: url, threads: threads, exact: exact)
    }

    /// A decoder from an opened GGUF file (whose metadata the caller may also read for the tokenizer).
    convenience init(gguf file: GGUFFile, source: URL, threads: Int?, exact: Bool) throws {
        let configuration = try LlamaConfiguration(gguf: file)
        try LlamaGGUFLayout.check(file, against: configuration)
        let weights = try LlamaWeights(file, configuration: configuration, exact: exact)
        // The model computes from its own copies; the mapping's pages would double the resident weights.
        file.releaseResidentPages()
        self.init(source: source, configuration: configuration, weights: weights, threads: threads)
    }
}
