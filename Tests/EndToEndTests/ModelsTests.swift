import Foundation
import OrchestrateTesting
import Testing

/// `generate --adapter` and `models export` on the tiny chat model and an adapter PEFT made for it.
@Suite("models and adapters")
struct ModelsTests {
    static let base = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/tiny-chat-model").path
    static let adapter = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/tiny-chat-adapter").path
    static let prompt = "Write one sentence about LoRA."

    func greedy(_ project: borrowing TestProject, _ arguments: [String]) throws -> String {
        let result = try CLI.run(
            ["generate", "--temperature", "0", "--max-tokens", "24"] + arguments + [Self.prompt], in: project.root)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return result.stdout
    }

    /// A store holding the fixture adapter as the `model` artifact `train.adapter`, with a model.json naming
    /// the tiny model as its base.
    func projectWithModelArtifact() throws -> TestProject {
        let project = try TestProject()
        try project.write(
            "p.yaml",
            """
            name: twin
            steps:
              train:
                uses: command
                run: >-
                  mkdir -p "$OUTPUT_adapter" &&
                  cp '\(Self.adapter)/adapter_config.json' '\(Self.adapter)/adapter_model.safetensors' "$OUTPUT_adapter/" &&
                  printf '{"format": "peft-lora", "base_model": "\(Self.base)"}' > "$OUTPUT_adapter/model.json"
                outputs: { adapter: model }
              notes:
                uses: command
                run: echo hi > "$OUTPUT_text"
                outputs: { text: report }
            """)
        let run = try project.run("run", "p.yaml")
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        return project
    }

    @Test("generate --adapter changes the greedy text, and the merged exports give that same text")
    func mergedExportsAgree() throws {
        let project = try TestProject()
        let plain = try greedy(project, ["--model", Self.base])
        let adapted = try greedy(project, ["--model", Self.base, "--adapter", Self.adapter])
        #expect(adapted != plain && !adapted.isEmpty)

        let safetensors = try project.run(
            "models", "export", Self.adapter, "--format", "merged-safetensors", "--base", Self.base, "--output", "merged")
        #expect(safetensors.status == 0, "\(safetensors.stderr)")
        #expect(safetensors.stdout == "exported \(Self.adapter) as merged-safetensors to merged\n")
        #expect(try greedy(project, ["--model", "merged"]) == adapted)

        let gguf = try project.run(
            "models", "export", Self.adapter, "--format", "merged-gguf", "--dtype", "f32", "--base", Self.base, "--output",
            "merged.gguf")
        #expect(gguf.status == 0, "\(gguf.stderr)")
        #expect(gguf.stdout.contains("note: the tokenizer puts <|endoftext|> before raw prompts"))
        #expect(try greedy(project, ["--model", "merged.gguf"]) == adapted)
    }

    @Test("a model artifact is found by reference; its model.json names the base, so --model is not needed")
    func artifactReference() throws {
        let project = try projectWithModelArtifact()
        let byReference = try greedy(project, ["--adapter", "train.adapter"])
        #expect(byReference == (try greedy(project, ["--model", Self.base, "--adapter", Self.adapter])))

        let lora = try project.run("models", "export", "train.adapter", "--format", "gguf-lora", "--output", "twin-lora.gguf")
        #expect(lora.status == 0, "\(lora.stderr)")
        #expect(lora.stdout == "exported twin/train.adapter@1 as gguf-lora to twin-lora.gguf\n")
        #expect(try Data(contentsOf: project.root.appendingPathComponent("twin-lora.gguf")).prefix(4) == Data("GGUF".utf8))

        let peft = try project.run("models", "export", "train.adapter", "--format", "peft", "--output", "exported")
        #expect(peft.status == 0, "\(peft.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: project.root.appendingPathComponent("exported").path)
        #expect(Set(names) == ["adapter_config.json", "adapter_model.safetensors", "model.json"])

        let again = try project.run("models", "export", "train.adapter", "--format", "peft", "--output", "exported")
        #expect(again.status == 2 && again.stderr.contains("exported already exists (use --force to replace it)"))
        #expect(
            try project.run("models", "export", "train.adapter", "--format", "peft", "--output", "exported", "--force").status
                == 0)

        let report = try project.run("models", "export", "notes.text", "--format", "peft", "--output", "x")
        #expect(
            report.status == 2 && report.stderr.contains("twin/notes.text@1 is a report artifact, not a model"),
            "\(report.stderr)")
    }

    @Test("a base whose content differs from the digest model.json records is used, with a warning")
    func baseDigest() throws {
        let project = try TestProject()
        try project.write(
            "adapter/model.json",
            #"{"format": "peft-lora", "base_model": "\#(Self.base)", "base_model_sha256": "\#(String(repeating: "0", count: 64))"}"#
        )
        for name in ["adapter_config.json", "adapter_model.safetensors"] {
            try FileManager.default.copyItem(
                atPath: Self.adapter + "/" + name, toPath: project.root.appendingPathComponent("adapter/" + name).path)
        }
        let result = try CLI.run(
            ["generate", "--adapter", "adapter", "--temperature", "0", "--max-tokens", "5", "x"], in: project.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("warning: adapter was trained on a base other than \(Self.base) (whose sha256 is "))
        #expect(result.stderr.contains("model.json records 000000000000); its shapes fit, so it is used"))
    }

    @Test("bad formats, types, bases and adapters are one clear line each")
    func errors() throws {
        let project = try TestProject()
        let format = try project.run("models", "export", Self.adapter, "--format", "onnx", "--output", "x")
        #expect(format.status == 2)
        #expect(format.stderr.contains("--format must be one of peft, gguf-lora, merged-safetensors, merged-gguf, got 'onnx'"))
        let dtype = try project.run(
            "models", "export", Self.adapter, "--format", "merged-safetensors", "--dtype", "q4_0", "--output", "x")
        #expect(dtype.status == 2 && dtype.stderr.contains("--dtype for merged-safetensors must be f32, f16 or bf16"))
        let noBase = try project.run("models", "export", Self.adapter, "--format", "gguf-lora", "--output", "x.gguf")
        #expect(
            noBase.status == 2 && noBase.stderr.contains("has no model.json naming its base model; give the base with --base"))
        let missing = try project.run("generate", "--adapter", "no-such-adapter", "--model", Self.base, "x")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no-such-adapter is neither an adapter folder nor an artifact"), "\(missing.stderr)")

        let gguf = try project.run(
            "models", "export", Self.adapter, "--format", "merged-gguf", "--dtype", "f32", "--base", Self.base, "--output",
            "b.gguf")
        #expect(gguf.status == 0, "\(gguf.stderr)")
        let fromGGUF = try project.run(
            "models", "export", Self.adapter, "--format", "merged-safetensors", "--base", "b.gguf", "--output", "m")
        #expect(fromGGUF.status == 1)
        #expect(
            fromGGUF.stderr.contains("b.gguf: is a GGUF file: merged-safetensors needs the base as a transformers model folder"))

        let other = try project.run("generate", "--adapter", Self.adapter, "--temperature", "0", "x")
        #expect(other.status == 1)
        #expect(other.stderr.contains("the adapter was made for another base model"), "\(other.stderr)")
    }
}
