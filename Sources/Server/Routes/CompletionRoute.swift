import Compute
import Foundation
import Generation
import Hummingbird
import NIOCore

/// `POST /v1/chat/completions` and `POST /v1/completions`: reads the request, queues it on the inference
/// loop, and answers with one JSON object or, with `"stream": true`, server-sent events ending in
/// `data: [DONE]`. A client that disconnects cancels its request, queued or running.
struct CompletionRoute: Sendable {
    let kind: CompletionFormat.Kind
    let metrics: ServerMetrics
    /// Retrieval for the chat model named `NAME-rag`: the question answered from the author's chunks.
    var rag: RAGPipeline? = nil

    /// Answers with the model `host` serves. A request that reaches a model just replaced by another
    /// (`APIError.retired`) is answered by the new one: a switch fails no request.
    func respond(_ request: Request, context: ServerRequestContext, host: ModelHost) async throws(APIError) -> Response {
        let arrival = ContinuousClock.now
        let body = try await JSONBody.object(of: request)
        while true {
            do {
                return try await respond(body, arrival: arrival, context: context, served: host.ready().0)
            } catch  where error == .retired {
                continue
            }
        }
    }

    private func respond(
        _ given: [String: Any], arrival: ContinuousClock.Instant, context: ServerRequestContext, served: ServedModel
    ) async throws(APIError) -> Response {
        var body = given
        let requested = body["model"] as? String
        var sources: [RetrievedChunk]?
        if kind == .chat, let rag, requested == served.name + "-rag" {
            // The last question is answered from retrieved chunks; the client sees an ordinary chat model.
            let messages = try ChatMessages.parse(body["messages"])
            guard let question = messages.last(where: { $0.role == "user" })?.content else {
                throw APIError.invalid("messages", "'messages' needs a user message: the question to answer")
            }
            let retrieval = try await rag.retrieve(question, settings: try RAGSettings(body), served: served)
            body["messages"] = RAGPipeline.messages(question, chunks: retrieval.chunks).map {
                ["role": $0.role, "content": $0.content]
            }
            body["model"] = served.name
            sources = retrieval.chunks
        }
        let parameters = try SamplingParameters(body)
        guard parameters.model == served.name else {
            throw APIError(
                .notFound, "the model '\(parameters.model)' does not exist; this server serves '\(served.name)'",
                param: "model", code: "model_not_found")
        }
        let prompt = try promptTokens(body, model: served.model)
        let vocabulary = served.model.decoder.configuration.vocabularySize
        if let bad = parameters.logitBias.keys.first(where: { $0 >= vocabulary }) {
            throw APIError.invalid("logit_bias", "token \(bad) is outside this model's vocabulary of \(vocabulary)")
        }
        let limit = served.model.decoder.contextLimit
        guard prompt.count < limit else {
            throw APIError(
                .badRequest,
                "the prompt is \(prompt.count) tokens, but this model reads at most \(limit); shorten it",
                param: kind == .chat ? "messages" : "prompt", code: "context_length_exceeded")
        }
        if let grammar = parameters.responseFormat {
            let needed = JSONGrammarState(grammar).minimumRemaining
            let allowed = min(parameters.options.maxTokens, limit - prompt.count)
            guard needed <= allowed else {
                throw APIError.invalid(
                    "max_tokens",
                    "the shortest JSON that 'response_format' allows takes \(needed) tokens, but the answer may have only \(allowed); raise 'max_tokens'"
                )
            }
        }
        let (job, events) = try served.loop.submit(
            prompt: prompt, options: parameters.options, choices: parameters.choices, logitBias: parameters.logitBias,
            grammar: parameters.responseFormat)
        let loop = served.loop
        context.channel.closeFuture.whenComplete { _ in loop.cancel(job) }
        let format = CompletionFormat(kind: kind, model: requested ?? served.name)
        var extraHeaders: HTTPFields = [:]
        if let revision = served.revision { extraHeaders[.modelRevision] = revision }
        if let sources {
            let list = sources.map { ["chunk_id": $0.id, "link": $0.link ?? "", "author": $0.author ?? ""] }
            extraHeaders[.sources] = String(decoding: JSONBody.data(["sources": list]), as: UTF8.self)
        }
        let answer = AnswerCollector(
            choices: parameters.choices, promptTokens: prompt.count, arrival: arrival, metrics: metrics)
        guard parameters.stream else {
            for await event in events {
                if case .failed(let error) = event { throw error }
                answer.take(event)
            }
            loop.cancel(job)
            var response = JSONBody.response(format.response(texts: answer.texts, reasons: answer.reasons, usage: answer.usage))
            response.headers.append(contentsOf: extraHeaders)
            return response
        }
        let includeUsage = parameters.includeUsage
        let choices = parameters.choices
        var headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        headers.append(contentsOf: extraHeaders)
        return Response(
            status: .ok,
            headers: headers,
            body: ResponseBody { writer in
                // Whatever ends the stream, a write to a closed connection included, ends the job.
                defer { loop.cancel(job) }
                for choice in 0..<choices {
                    if let opening = format.opening(choice: choice, includeUsage: includeUsage) {
                        try await writer.write(SSE.event(opening))
                    }
                }
                for await event in events {
                    answer.take(event)
                    switch event {
                    case .text(let choice, let text):
                        try await writer.write(
                            SSE.event(format.chunk(choice: choice, text: text, finish: nil, includeUsage: includeUsage)))
                    case .finished(let choice, let reason, _):
                        try await writer.write(
                            SSE.event(format.chunk(choice: choice, text: "", finish: reason, includeUsage: includeUsage)))
                    case .failed(let error):
                        try await writer.write(SSE.event(error.json))
                    }
                }
                if includeUsage, !answer.failed { try await writer.write(SSE.event(format.usageChunk(answer.usage))) }
                try await writer.write(SSE.done)
                try await writer.finish(nil)
            })
    }

    private func promptTokens(_ body: [String: Any], model: LanguageModel) throws(APIError) -> [Int] {
        switch kind {
        case .chat:
            let messages = try ChatMessages.parse(body["messages"])
            do {
                return try model.promptTokens(for: messages)
            } catch {
                throw APIError(.badRequest, "the messages cannot be formatted for this model: \(error)", param: "messages")
            }
        case .text:
            let prompt: String
            switch body["prompt"] {
            case let text as String: prompt = text
            case let list as [Any] where list.count == 1 && list[0] is String: prompt = list[0] as! String
            case nil, is NSNull: throw APIError.invalid("prompt", "'prompt' is required: the text to continue")
            default: throw APIError.invalid("prompt", "'prompt' must be a string (or an array of one string)")
            }
            let tokens = model.rawPromptTokens(for: prompt)
            guard !tokens.isEmpty else { throw APIError.invalid("prompt", "'prompt' is empty") }
            return tokens
        }
    }
}

extension HTTPFields.Element.Name {
    /// Which revision of the model answered (`twin/4`), on every completion of a registry-served model.
    static let modelRevision = HTTPFields.Element.Name("X-Orchestrate-Model-Revision")!
    /// The chunks a `NAME-rag` chat answer was written from, as `{"sources": [{chunk_id, link, author}]}`.
    static let sources = HTTPFields.Element.Name("X-Orchestrate-Sources")!
}
