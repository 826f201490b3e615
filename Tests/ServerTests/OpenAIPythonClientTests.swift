import Foundation
import Testing

@testable import Server

/// The official `openai` Python client, unchanged, against the server: what users' own code will do.
struct OpenAIPythonClientTests {
    static let script = #"""
        import json, sys
        import openai
        client = openai.OpenAI(base_url=sys.argv[1] + "/v1", api_key="s3cret", max_retries=0)
        model = client.models.list().data[0].id
        messages = [{"role": "user", "content": "Tell me about the twin."}]
        whole = client.chat.completions.create(model=model, messages=messages, max_tokens=12, temperature=0)
        pieces, usage, finish = [], None, None
        for chunk in client.chat.completions.create(
                model=model, messages=messages, max_tokens=12, temperature=0, stream=True,
                stream_options={"include_usage": True}):
            if chunk.usage is not None:
                usage = chunk.usage.completion_tokens
            for choice in chunk.choices:
                pieces.append(choice.delta.content or "")
                finish = choice.finish_reason or finish
        text = client.completions.create(model=model, prompt="Once", max_tokens=4, temperature=0)
        schema = {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"],
                  "additionalProperties": False}
        structured = client.chat.completions.create(
            model=model, messages=messages, max_tokens=40, temperature=1, seed=1,
            response_format={"type": "json_schema", "json_schema": {"name": "v", "strict": True, "schema": schema}})
        try:
            client.chat.completions.create(model="gpt-4o", messages=messages)
            missing = None
        except openai.NotFoundError as error:
            missing = error.code
        try:
            openai.OpenAI(base_url=sys.argv[1] + "/v1", api_key="wrong", max_retries=0).models.list()
            unauthorized = None
        except openai.AuthenticationError as error:
            unauthorized = error.status_code
        print(json.dumps({
            "model": model, "whole": whole.choices[0].message.content, "finish": whole.choices[0].finish_reason,
            "prompt_tokens": whole.usage.prompt_tokens, "streamed": "".join(pieces), "stream_finish": finish,
            "stream_usage": usage, "text_tokens": text.usage.completion_tokens, "missing": missing,
            "unauthorized": unauthorized, "structured": json.loads(structured.choices[0].message.content)}))
        """#

    @Test func theOfficialClientChatsStreamsCompletesAndSeesErrors() async throws {
        guard try await Self.hasOpenAIClient() else {
            try Test.cancel("the openai Python package is not installed and pip could not install it")
        }
        let server = try await TestServer(apiKey: "s3cret")
        try await server.waitUntilReady()
        let (status, output) = try await Self.python(["-c", Self.script, server.baseURL.absoluteString])
        await server.stop()
        try #require(status == 0, "\(output)")
        let result = try #require(
            try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
        #expect(result["model"] as? String == TestServer.modelName)
        #expect(result["finish"] as? String == "length")
        #expect(result["streamed"] as? String == result["whole"] as? String)
        #expect(result["stream_finish"] as? String == "length")
        #expect(result["stream_usage"] as? Int == 12)
        #expect(result["text_tokens"] as? Int == 4)
        #expect(result["missing"] as? String == "model_not_found")
        #expect(result["unauthorized"] as? Int == 401)
        let structured = result["structured"] as? [String: Any]
        #expect(structured?.count == 1 && structured?["ok"] is Bool, "\(output)")
    }

    /// Whether `import openai` works, after `python3 -m pip install openai` when it did not.
    static func hasOpenAIClient() async throws -> Bool {
        if try await python(["-c", "import openai"]).status == 0 { return true }
        _ = try? await python(["-m", "pip", "install", "--quiet", "openai"])
        return try await python(["-c", "import openai"]).status == 0
    }

    /// Runs python3 and returns its exit status and standard output (standard error when it failed).
    static func python(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let out = output.fileHandleForReading.readDataToEndOfFile()
                let err = errors.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                let status = process.terminationStatus
                let text = String(decoding: status == 0 ? out : err + out, as: UTF8.self)
                continuation.resume(returning: (status, text))
            }
        }
    }
}
