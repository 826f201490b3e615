/// Embeddings as JSON text. Each float is written as the shortest decimal that reads back as the same
/// Float, so printing and parsing an embedding loses nothing.
public enum EmbeddingText {
    public static func json(_ vector: [Float]) -> String {
        "[" + vector.map { $0.description }.joined(separator: ",") + "]"
    }
}
