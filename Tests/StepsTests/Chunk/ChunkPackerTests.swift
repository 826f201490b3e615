import Foundation
import Testing

@testable import Steps

@Suite("chunk packing")
struct ChunkPackerTests {
    /// Every text counts its repetitions, so that each chunk is found in exactly one place.
    static let adversarial: [(String, String)] = [
        ("one giant sentence", (0..<3000).map { "word\($0)" }.joined(separator: " ")),
        ("one giant word", (0..<2000).map { "ab\($0),cd-" }.joined()),
        ("one giant word between sentences", "A short start. " + (0..<1500).map { "x\($0).y" }.joined() + " And an end."),
        ("CJK without spaces or punctuation", (0..<300).map { "日本語のテキスト\($0)を分割する" }.joined()),
        ("CJK sentences", (0..<200).map { "これは文です\($0)。長い文もあります！" }.joined()),
        ("no punctuation, one word per line", (0..<2000).map { "line\($0)" }.joined(separator: "\n")),
        (
            "long lines of a list",
            (0..<40).map { item in
                "- item \(item) " + (0..<80).map { "and more\($0)" }.joined(separator: " ")
            }.joined(separator: "\n")
        ),
        ("emoji and accents", (0..<500).map { "Café 🎉 naïve \($0) résumé 🚀 " }.joined()),
        ("digits and symbols", (0..<400).map { "3.14159 × \($0) = 8.53973; " }.joined()),
    ]

    @Test(
        "no chunk of adversarial text exceeds max_tokens when tokenized again, and no text is lost",
        arguments: adversarial.map(\.0), [16, 64, 254])
    func adversarialText(name: String, maxTokens: Int) throws {
        let text = try #require(Self.adversarial.first { $0.0 == name }?.1)
        let chunker = try ChunkFixtures.chunker(maxTokens: maxTokens)
        let chunks = try chunker.chunks(of: text, kind: "article")
        #expect(chunks.count > 1)
        let problems = try ChunkFixtures.problems(chunks, of: text, maxTokens: maxTokens)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("no chunk of the handbook's 76 cleaned articles exceeds its limit; together they are the articles")
    func handbook() throws {
        let documents = try ChunkFixtures.handbook()
        #expect(documents.count == 76)
        for (maxTokens, overlap) in [(254, 32), (128, 16)] {
            let chunker = try ChunkFixtures.chunker(maxTokens: maxTokens, overlapTokens: overlap)
            var total = 0
            for document in documents {
                let chunks = try chunker.chunks(of: document.content, kind: "article")
                total += chunks.count
                let problems = try ChunkFixtures.problems(chunks, of: document.content, maxTokens: maxTokens)
                #expect(problems == [], "\(document.id)")
            }
            #expect(total > documents.count)
        }
    }

    @Test("a chunk starts with the trailing whole sentences of the one before, as many as fit in the overlap")
    func sentenceOverlap() throws {
        let counter = try ChunkFixtures.tokenizer()
        let sentences = (0..<60).map { "Sentence \($0) says \(String(repeating: "very ", count: $0 % 5))much." }
        let text = sentences.joined(separator: " ")
        let (maxTokens, overlap) = (40, 12)
        let chunks = try ChunkFixtures.chunker(maxTokens: maxTokens, overlapTokens: overlap).chunks(of: text, kind: "article")
        #expect(chunks.count > 5)
        #expect(try ChunkFixtures.problems(chunks, of: text, maxTokens: maxTokens) == [])
        for (previous, next) in zip(chunks, chunks.dropFirst()) {
            // The expected overlap: whole sentences from the end of the previous chunk while they fit.
            let own = sentences.filter { previous.text.contains($0) }
            var expected: [String] = []
            var tokens = 0
            for sentence in own.reversed() {
                let count = counter.count(sentence[...])
                guard tokens + count <= overlap else { break }
                expected.insert(sentence, at: 0)
                tokens += count
            }
            #expect(!expected.isEmpty)
            let shared = expected.joined(separator: " ")
            #expect(previous.text.hasSuffix(shared))
            #expect(next.text.hasPrefix(shared + " "), "\(next.text) should start with \(shared)")
            #expect(!next.text.hasPrefix(own[own.count - expected.count - 1]))
        }
    }

    @Test("when the last sentence is longer than the overlap, the next chunk repeats its trailing words")
    func wordOverlap() throws {
        let counter = try ChunkFixtures.tokenizer()
        let text = (0..<400).map { "w\($0)" }.joined(separator: " ")
        let (maxTokens, overlap) = (50, 10)
        let chunks = try ChunkFixtures.chunker(maxTokens: maxTokens, overlapTokens: overlap).chunks(of: text, kind: "article")
        #expect(try ChunkFixtures.problems(chunks, of: text, maxTokens: maxTokens) == [])
        for (previous, next) in zip(chunks, chunks.dropFirst()) {
            let words = previous.text.split(separator: " ")
            let nextWords = next.text.split(separator: " ")
            let shared = (1...words.count).last { words.suffix($0).elementsEqual(nextWords.prefix($0)) } ?? 0
            #expect(shared > 0)
            let tokens = counter.count(words.suffix(shared).joined(separator: " ")[...])
            #expect(tokens <= overlap)
            // One more word would not have fitted.
            #expect(counter.count(words.suffix(shared + 1).joined(separator: " ")[...]) > overlap)
        }
    }

    @Test("without overlap, chunks follow each other and split between sentences")
    func noOverlap() throws {
        let text = (0..<50).map { "This is sentence number \($0)." }.joined(separator: "  ")
        let chunks = try ChunkFixtures.chunker(maxTokens: 30, overlapTokens: 0).chunks(of: text, kind: "article")
        #expect(try ChunkFixtures.problems(chunks, of: text, maxTokens: 30) == [])
        #expect(chunks.allSatisfy { $0.text.hasPrefix("This is sentence number ") && $0.text.hasSuffix(".") })
        #expect(ChunkFixtures.squeezed(chunks.map(\.text).joined()) == ChunkFixtures.squeezed(text))
    }

    @Test("empty and blank documents give no chunks", arguments: ["", " ", "\n\n \t\n"])
    func empty(text: String) throws {
        #expect(try ChunkFixtures.chunker().chunks(of: text, kind: "post").isEmpty)
    }

    @Test("posts get short chunks, articles long ones, by default")
    func kinds() throws {
        let text = (0..<300).map { "Sentence \($0) is here." }.joined(separator: " ")
        let chunker = try ChunkFixtures.chunker()
        let posts = try chunker.chunks(of: text, kind: "post")
        let articles = try chunker.chunks(of: text, kind: "article")
        #expect(posts.allSatisfy { $0.tokens <= 128 })
        #expect(posts.contains { $0.tokens > 100 })
        #expect(articles.contains { $0.tokens > 200 })
        #expect(try ChunkFixtures.problems(articles, of: text, maxTokens: 254) == [])
    }
}
