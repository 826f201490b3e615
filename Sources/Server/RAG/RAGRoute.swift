import Foundation
import Generation
import Hummingbird
import NIOCore

/// `POST /rag {"question": ...}`: retrieves the chunks that answer a question (`RAGPipeline`), answers it
/// with the served model from them, and returns the answer with its sources (chunk ids, links, authors),
/// whole or, with `"stream": true`, as server-sent events: the sources first, then the answer's text,
/// then its finish and usage, then `[DONE]`. `debug: true` adds what each stage did.
struct RAGRoute: Sendable {
    let pipeline: RAGPipeline
    let metrics: ServerMetrics

    func respond(_ request: Request, context: ServerRequestContext, host: ModelHost) async throws(APIError) -> Response {
        let arrival = ContinuousClock.now
        let body = try await JSONBody.object(of: request)
        guard let question = (body["question"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines), !question.isEmpty
        else { throw APIError.invalid("question", "'question' is required: what to answer from the author's writing") }
        let settings = try RAGSettings(body)
        let fields = RequestFields(body)
        let stream = try fields.bool("stream") ?? false
        let maxTokens = try fields.integer("max_tokens") ?? SamplingParameters.defaultMaxTokens
        let options = GenerationOptions(
            temperature: try fields.number("temperature") ?? 0.7, maxTokens: max(1, maxTokens),
            seed: try fields.integer("seed").map { UInt64(bitPattern: Int64($0)) }, repetitionPenalty: 1.1)
        while true {
            let served = try host.ready().0
            do {
                return try await answer(
                    question, settings: settings, options: options, stream: stream, served: served, context: context,
                    arrival: arrival)
            } catch  where error == .retired {
                continue
            }
        }
    }

    private func answer(
        _ question: String, settings: RAGSettings, options: GenerationOptions, stream: Bool, served: ServedModel,
        context: ServerRequestContext, arrival: ContinuousClock.Instant
    ) async throws(APIError) -> Response {
        let retrieval = try await pipeline.retrieve(question, settings: settings, served: served)
        let prompt: [Int]
        do {
            prompt = try served.model.promptTokens(for: RAGPipeline.messages(question, chunks: retrieval.chunks))
        } catch {
            throw APIError(.badRequest, "the question cannot be formatted for this model: \(error)", param: "question")
        }
        let limit = served.model.decoder.contextLimit
        guard prompt.count < limit else {
            throw APIError(
                .badRequest,
                "the question and its \(retrieval.chunks.count) chunks take \(prompt.count) tokens, more than the model's \(limit); lower 'k'",
                param: "k", code: "context_length_exceeded")
        }
        let (job, events) = try served.loop.submit(prompt: prompt, options: options, choices: 1)
        let loop = served.loop
        context.channel.closeFuture.whenComplete { _ in loop.cancel(job) }
        let collector = AnswerCollector(choices: 1, promptTokens: prompt.count, arrival: arrival, metrics: metrics)
        var head: [String: Any] = ["sources": retrieval.chunks.map(\.json), "model": served.name]
        if let revision = served.revision { head["revision"] = revision }
        if settings.debug { head["debug"] = retrieval.debug }
        guard stream else {
            for await event in events {
                if case .failed(let error) = event { throw error }
                collector.take(event)
            }
            loop.cancel(job)
            head["answer"] = collector.texts[0]
            head["finish_reason"] = collector.reasons[0]
            head["usage"] = collector.usage.json
            return JSONBody.response(head)
        }
        let opening = SSE.event(head)
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                defer { loop.cancel(job) }
                try await writer.write(opening)
                for await event in events {
                    collector.take(event)
                    switch event {
                    case .text(_, let text): try await writer.write(SSE.event(["delta": text]))
                    case .finished(_, let reason, _):
                        try await writer.write(SSE.event(["finish_reason": reason, "usage": collector.usage.json]))
                    case .failed(let error): try await writer.write(SSE.event(error.json))
                    }
                }
                try await writer.write(SSE.done)
                try await writer.finish(nil)
            })
    }
}
