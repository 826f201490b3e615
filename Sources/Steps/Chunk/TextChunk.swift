/// One chunk of a document: its text and the exact number of tokens the model sees in it.
struct TextChunk: Equatable, Sendable {
    var text: String
    var tokens: Int
}
