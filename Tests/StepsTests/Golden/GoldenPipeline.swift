import ArtifactStore
import Foundation
import OrchestrateTesting

/// The golden fixtures (`Golden/Fixtures`) and the one pipeline that runs every built-in step on them.
///
/// Each step under test reads fixed inputs, copied in by a `fixture-*` command step, never another
/// tested step's output: a changed digest then points at the one step whose behaviour changed.
enum GoldenPipeline {
    /// A built-in step type under test: the pipeline step that runs it, the file that declares its
    /// version, and how its outputs are digested.
    struct Case {
        var type: String
        var source: String
        var digest: OutputDigest = .content

        /// Steps under test are named after their type.
        var step: String { type }
    }

    static let fixtures = ExampleSite.packageRoot.appendingPathComponent("Tests/StepsTests/Golden/Fixtures")

    /// Every built-in step type; `replay` is the address of the replay server the dataset steps ask.
    static func cases(replay: URL) -> [Case] {
        let server = OutputDigest.replacing(replay.absoluteString)
        return [
            Case(type: "chunk", source: "Sources/Steps/Chunk/ChunkStep.swift"),
            Case(type: "clean", source: "Sources/Steps/Clean/CleanStep.swift"),
            Case(type: "command", source: "Sources/Steps/Command/CommandStep.swift"),
            Case(type: "crawl", source: "Sources/Steps/Crawl/CrawlStep.swift"),
            Case(type: "embed", source: "Sources/Steps/Embed/EmbedStep.swift", digest: .embeddingsStructure),
            Case(
                type: "generate-instruct-dataset", source: "Sources/Steps/Datasets/GenerateInstructDatasetStep.swift",
                digest: server),
            Case(
                type: "generate-preference-dataset", source: "Sources/Steps/Datasets/GeneratePreferenceDatasetStep.swift",
                digest: server),
            Case(type: "import", source: "Sources/Steps/Import/ImportStep.swift"),
            Case(type: "index", source: "Sources/Steps/Index/IndexStep.swift"),
            Case(type: "noop", source: "Sources/Steps/Catalog/NoopStep.swift"),
            Case(type: "promote", source: "Sources/Steps/Models/PromoteStep.swift"),
            Case(type: "deploy", source: "Sources/Steps/Models/DeployStep.swift"),
            Case(type: "evaluate", source: "Sources/Steps/Evaluation/EvaluateStep.swift", digest: .evaluationStructure),
            Case(type: "sft", source: "Sources/Steps/Training/SFTStep.swift", digest: .adapterStructure),
            Case(type: "dpo", source: "Sources/Steps/Training/DPOStep.swift", digest: .adapterStructure),
        ].sorted { $0.type < $1.type }
    }

    /// Fills `project` with the fixtures, the embedding model (linked) and the fixed embeddings.
    static func prepare(_ project: URL) throws {
        let files = FileManager.default
        for name in ["export.jsonl", "documents.jsonl", "chunks.jsonl", "notes", "conversations.jsonl", "preferences.jsonl"] {
            try files.copyItem(at: fixtures.appendingPathComponent(name), to: project.appendingPathComponent(name))
        }
        try files.createSymbolicLink(
            at: project.appendingPathComponent("models"),
            withDestinationURL: ExampleSite.packageRoot.appendingPathComponent("models"))
        // Copied, not linked: a model's content hash refuses symbolic links.
        try files.copyItem(
            at: ExampleSite.packageRoot.appendingPathComponent("Tests/Fixtures/tiny-chat-model"),
            to: project.appendingPathComponent("tiny-chat-model"))
        try files.copyItem(
            at: ExampleSite.packageRoot.appendingPathComponent("Tests/Fixtures/lora-reference/adapter"),
            to: project.appendingPathComponent("tiny-adapter"))
        try GoldenEmbeddings.write(to: project.appendingPathComponent("embeddings"))
    }

    /// The pipeline: fixture copies, then each built-in step once.
    static func yaml(replay: URL) -> String {
        let generator = "{ backend: openai, base_url: \"\(replay.absoluteString)\", model: dataset, retries: 0 }"
        return """
            name: golden
            steps:
              fixture-documents:
                uses: command
                run: cp documents.jsonl "$OUTPUT_documents"
                outputs: { documents: documents }
              fixture-chunks:
                uses: command
                run: cp chunks.jsonl "$OUTPUT_chunks"
                outputs: { chunks: chunks }
              fixture-conversations:
                uses: command
                run: mkdir -p "$OUTPUT_dataset/chat" && cp conversations.jsonl "$OUTPUT_dataset/chat/train.jsonl"
                outputs: { dataset: dataset }
              fixture-preferences:
                uses: command
                run: mkdir -p "$OUTPUT_dataset/chat" && cp preferences.jsonl "$OUTPUT_dataset/chat/train.jsonl"
                outputs: { dataset: dataset }
              sft:
                uses: sft
                inputs: { dataset: fixture-conversations.dataset }
                with: { base_model: tiny-chat-model, rank: 2, max_steps: 2, batch_size: 2, checkpoint_steps: 0 }
              fixture-adapter:
                uses: command
                run: cp -R tiny-adapter/ "$OUTPUT_model"
                outputs: { model: model }
              dpo:
                uses: dpo
                inputs: { dataset: fixture-preferences.dataset, model: fixture-adapter.model }
                with: { base_model: tiny-chat-model, max_steps: 2, batch_size: 2, checkpoint_steps: 0 }
              promote:
                uses: promote
                inputs: { model: dpo.model }
                with: { alias: staging }
              deploy:
                uses: deploy
                inputs: { model: dpo.model }
                with: { alias: candidate }
              fixture-test-split:
                uses: command
                run: mkdir -p "$OUTPUT_dataset/chat" && cp conversations.jsonl "$OUTPUT_dataset/chat/test.jsonl"
                outputs: { dataset: dataset }
              evaluate:
                uses: evaluate
                inputs: { dataset: fixture-test-split.dataset, model: fixture-adapter.model }
                with: { base_model: tiny-chat-model, generate_answers: false, gate: "perplexity < base.perplexity" }
              fixture-embeddings:
                uses: command
                run: cp -R embeddings/ "$OUTPUT_embeddings"
                outputs: { embeddings: embeddings }
              import:
                uses: import
                with: { path: export.jsonl }
              crawl:
                uses: crawl
                with: { author: Jordan Ellis, urls: [notes, notes/lora.txt], max_age: 0 }
              clean:
                uses: clean
                inputs: { documents: fixture-documents.documents }
              chunk:
                uses: chunk
                inputs: { documents: fixture-documents.documents }
                with: { model: models/all-MiniLM-L6-v2 }
              embed:
                uses: embed
                inputs: { chunks: fixture-chunks.chunks }
                with: { model: models/all-MiniLM-L6-v2 }
              index:
                uses: index
                inputs: { embeddings: fixture-embeddings.embeddings }
              command:
                uses: command
                inputs: { chunks: fixture-chunks.chunks }
                with: { env: { GREETING: hello } }
                run: |
                  printf '%s %s %s %s\\n' "$GREETING" "$ORCHESTRATE_PIPELINE" "$ORCHESTRATE_STEP" "$ORCHESTRATE_ATTEMPT" > "$OUTPUT_report"
                  wc -l < "$INPUT_chunks" >> "$OUTPUT_report"
                  mkdir -p "$OUTPUT_folder/nested"
                  head -n 1 "$INPUT_chunks" > "$OUTPUT_folder/nested/first.jsonl"
                  echo '{"lines": 1}' > "$METADATA_folder"
                outputs: { report: report, folder: folder }
              noop:
                uses: noop
                after: [command]
              generate-instruct-dataset:
                uses: generate-instruct-dataset
                inputs: { chunks: fixture-chunks.chunks }
                with: { generator: \(generator), extract_words: 40, pairs_per_extract: 2, seed: 7 }
              generate-preference-dataset:
                uses: generate-preference-dataset
                inputs: { chunks: fixture-chunks.chunks }
                with: { generator: \(generator), extract_words: 40, seed: 7 }
            """
    }
}
