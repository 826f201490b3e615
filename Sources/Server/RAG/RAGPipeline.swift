import Compute
import Foundation
import Generation

/// The book's inference pipeline, in process: self-query (the authors a question names), query expansion
/// (the model rephrases the question), a filtered vector search per query, merging with duplicates
/// removed, reranking against the question, and the prompt that puts the retrieved chunks before the
/// question. What each stage did is kept for the response's `debug`.
struct RAGPipeline: Sendable {
    let retriever: any Retrieving
    let metrics: ServerMetrics

    struct Retrieval: Sendable {
        var chunks: [RetrievedChunk]
        var authors: [String]
        var queries: [String]
        var candidates: Int

        var debug: [String: Any] {
            ["authors": authors, "queries": queries, "candidates": candidates]
        }
    }

    func retrieve(_ question: String, settings: RAGSettings, served: ServedModel) async throws(APIError) -> Retrieval {
        do {
            let index = try retriever.index()
            let authors = settings.selfQuery ? Self.authors(namedIn: question, among: index.authors) : []
            var queries = [question]
            if settings.expansions > 0 {
                queries += try await expand(question, count: settings.expansions, served: served)
            }
            var best: [String: RetrievedChunk] = [:]
            for query in queries {
                for chunk in try index.search(query, authors: authors.isEmpty ? nil : Set(authors), k: settings.perQuery)
                where chunk.score > best[chunk.id]?.score ?? -.infinity {
                    best[chunk.id] = chunk
                }
            }
            var merged = best.values.sorted { ($0.score, $1.id) > ($1.score, $0.id) }
            if settings.rerank, merged.count > 1 {
                let scores = try index.similarities(of: merged.map(\.text), to: question)
                for index in merged.indices { merged[index].score = scores[index] }
                merged.sort { ($0.score, $1.id) > ($1.score, $0.id) }
            }
            return Retrieval(chunks: Array(merged.prefix(settings.k)), authors: authors, queries: queries, candidates: best.count)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.internalServerError, "retrieval failed: \(error)", type: "server_error", code: "retrieval_failed")
        }
    }

    /// The authors whose full name, or whose last name as a word, the question contains.
    static func authors(namedIn question: String, among authors: [String]) -> [String] {
        let text = question.lowercased()
        let words = Set(text.split { !$0.isLetter && !$0.isNumber }.map(String.init))
        return authors.filter { author in
            let name = author.lowercased()
            if text.contains(name) { return true }
            guard let last = name.split(separator: " ").last, last.count > 2, name.contains(" ") else { return false }
            return words.contains(String(last))
        }
    }

    /// The messages that answer `question` from `chunks`, as the book's prompt does.
    static func messages(_ question: String, chunks: [RetrievedChunk]) -> [ChatMessage] {
        let context = chunks.enumerated().map { index, chunk in
            "[\(index + 1)] \(chunk.author ?? "unknown author")\(chunk.title.map { ", \($0)" } ?? ""):\n\(chunk.text)"
        }.joined(separator: "\n\n")
        return [
            ChatMessage(
                role: "system",
                content:
                    "You are the author's digital twin: answer in their voice, using only the context below. If the context does not hold the answer, say so.\n\nContext:\n\(context)"
            ),
            ChatMessage(role: "user", content: question),
        ]
    }

    /// Rephrasings of `question`, written by the served model, one a line.
    private func expand(_ question: String, count: Int, served: ServedModel) async throws -> [String] {
        let prompt = try served.model.promptTokens(for: [
            ChatMessage(
                role: "user",
                content:
                    "Write \(count) different versions of this question, to search a database of articles. One per line, nothing else.\nQuestion: \(question)"
            )
        ])
        let options = GenerationOptions(temperature: 0, maxTokens: 40 * count, repetitionPenalty: 1.1)
        let (job, events) = try served.loop.submit(prompt: prompt, options: options, choices: 1)
        var text = ""
        for await event in events {
            if case .text(_, let piece) = event { text += piece }
            if case .failed(let error) = event { throw error }
        }
        served.loop.cancel(job)
        let lines = text.split(separator: "\n").map { line in
            line.drop { $0.isNumber || $0 == "." || $0 == ")" || $0 == "-" || $0 == " " || $0 == "*" }
                .trimmingCharacters(in: .whitespaces)
        }
        return Array(lines.filter { !$0.isEmpty && $0 != question }.prefix(count))
    }
}
