/// One chunk of a document: its text and the exact number of tokens the model sees in it.
public struct TextChunk: Equatable, Sendable {
    public var text: String
    public var tokens: Int
}
