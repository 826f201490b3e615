import Foundation
import Testing

/// The model registry through the binary: a pipeline that trains (a command step copying the fixture
/// adapter), evaluates with a gate and promotes behind `when:`; then `models list | show | promote |
/// rollback | aliases` and registry references in `generate`.
@Suite("model registry")
struct ModelRegistryTests {
    static let base = ModelsTests.base
    static let adapter = ModelsTests.adapter

    /// `twin.yaml`: documents → dataset → train (registered as `twin`) → evaluate (gate `passed`) → promote
    /// to production when the gate passed. `variant` changes the trained content.
    static func project() throws -> TestProject {
        let project = try TestProject()
        try project.write(
            "twin.yaml",
            """
            name: twin
            parameters:
              variant: 1
              passed: true
            steps:
              docs:
                uses: command
                run: >-
                  echo '{"id": "d1"}' > "$OUTPUT_documents" && echo '{"count": 4}' > "$METADATA_documents"
                outputs: { documents: documents }
              data:
                uses: command
                inputs: { documents: docs.documents }
                run: >-
                  mkdir -p "$OUTPUT_dataset/chat" && touch "$OUTPUT_dataset/chat/train.jsonl" &&
                  echo '{"count": 3, "train": 2, "test": 1}' > "$METADATA_dataset"
                outputs: { dataset: dataset }
              train:
                uses: command
                register: twin
                inputs: { dataset: data.dataset }
                run: >-
                  mkdir -p "$OUTPUT_model" &&
                  cp '\(adapter)/adapter_config.json' '\(adapter)/adapter_model.safetensors' "$OUTPUT_model/" &&
                  printf '{"format": "peft-lora", "base_model": "\(base)"}' > "$OUTPUT_model/model.json" &&
                  echo ${params.variant} > "$OUTPUT_model/variant.txt"
                outputs: { model: model }
              evaluate:
                uses: command
                inputs: { model: train.model }
                run: >-
                  echo scored ${params.variant} > "$OUTPUT_report" &&
                  printf '{"metrics": {"perplexity": 7.%s, "judge": 2}, "gate": {"expression": "perplexity < 8", "passed": %s}}'
                  ${params.variant} ${params.passed} > "$METADATA_report"
                outputs: { report: evaluation }
              promote:
                uses: promote
                inputs: { model: train.model }
                with: { alias: production, reason: gate passed }
                when: "evaluate.report.gate.passed == true"
            """)
        return project
    }

    /// Output with local times and this project's run ids replaced and the columns' padding cut to two
    /// spaces, so it can be compared whole.
    static func normalized(_ text: String, runs: [String] = [], collapsing: Bool = true) -> String {
        var text = text.replacingOccurrences(
            of: #"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"#, with: "TIME", options: .regularExpression)
        for (index, run) in runs.enumerated() { text = text.replacingOccurrences(of: run, with: "RUN\(index + 1)") }
        return collapsing ? text.replacingOccurrences(of: " {2,}", with: "  ", options: .regularExpression) : text
    }

    func run(_ project: borrowing TestProject, _ parameters: String...) throws -> String {
        let arguments = ["run", "twin.yaml"] + parameters.flatMap { ["--param", $0] } + ["--json"]
        let result = try CLI.run(arguments, in: project.root)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let run = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return String(try #require(run?.string("id")).prefix(8))
    }

    @Test("a pipeline registers, evaluates and promotes behind its gate; a failed gate skips promote and refuses a manual one")
    func gateAndAliases() throws {
        let project = try Self.project()
        let first = try run(project)
        let second = try run(project, "variant=2", "passed=false")
        let runs = [first, second]
        #expect(
            statuses(try project.json("runs", "show", second))["promote"] == "skipped", "the failed gate skips promote")

        let list = try project.run("models", "list")
        #expect(list.status == 0, "\(list.stderr)")
        #expect(
            Self.normalized(list.stdout) == """
                MODEL  VERSIONS  LATEST  FORMAT  ALIASES  UPDATED
                twin  2  2  peft-lora  production=1  TIME

                """)

        let show = try project.run("models", "show", "twin")
        #expect(show.status == 0, "\(show.stderr)")
        #expect(
            Self.normalized(show.stdout, runs: runs) == """
                model  twin
                versions  2 (latest 2)
                aliases  production=1

                VERSION  FORMAT  BASE  RUN  STEP RUN  CREATED  ALIASES  GATE
                1  peft-lora  \(Self.base)  RUN1  3  TIME  production  passed
                2  peft-lora  \(Self.base)  RUN2  8  TIME  -  failed

                `orchestrate models show twin/VERSION` shows a version's lineage and evaluations

                """)

        let refused = try project.run("models", "promote", "twin", "2", "--alias", "production")
        #expect(refused.status == 2)
        #expect(
            refused.stderr.hasPrefix(
                "error: twin/2 cannot become production: its latest evaluation, twin/evaluate.report@2, failed its gate "
                    + "`perplexity < 8`\nhint: promote it anyway with a reason: `orchestrate models promote twin 2 --alias "
                    + "production --force --reason TEXT`"), "\(refused.stderr)")
        let noReason = try project.run("models", "promote", "twin", "2", "--alias", "production", "--force")
        #expect(noReason.status == 2 && noReason.stderr.contains("--force needs --reason TEXT"), "\(noReason.stderr)")

        let forced = try project.run(
            "models", "promote", "twin", "2", "--alias", "production", "--force", "--reason", "checked by hand")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout == "twin@production: 1 → 2 (forced past the gate)  reason: checked by hand\n")
        let staging = try project.run("models", "promote", "twin", "2", "--alias", "staging")
        #expect(staging.stdout == "twin@staging: (unset) → 2\n")
        let again = try project.run("models", "promote", "twin", "2", "--alias", "staging")
        #expect(again.stdout == "twin@staging already points at version 2; nothing moved\n")

        let rollback = try project.run("models", "rollback", "twin", "--alias", "production", "--reason", "regression")
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(rollback.stdout == "twin@production: 2 → 1 (rolled back)  reason: regression\n")
        let exhausted = try project.run("models", "rollback", "twin", "--alias", "production")
        #expect(exhausted.status == 2)
        #expect(exhausted.stderr.contains("error: twin@production has no earlier version to roll back to"))

        let user = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
        let log = try project.run("models", "aliases", "twin")
        #expect(
            Self.normalized(log.stdout).replacingOccurrences(of: user, with: "USER") == """
                TIME  ALIAS  ACTION  FROM  TO  BY  REASON
                TIME  production  promote  -  1  USER  gate passed
                TIME  production  promote (forced)  1  2  USER  checked by hand
                TIME  staging  promote  -  2  USER  -
                TIME  production  rollback  2  1  USER  regression

                now  production=1 staging=2

                """)
    }

    @Test("models show NAME/V prints the artifact, base, evaluations, the data it learned from and its lineage")
    func showVersion() throws {
        let project = try Self.project()
        let first = try run(project)
        let show = try project.run("models", "show", "twin@production")
        #expect(show.status == 0, "\(show.stderr)")
        let lines = Self.normalized(show.stdout, runs: [first], collapsing: false).components(separatedBy: "\n")
        #expect(lines[0] == "version   twin/1")
        #expect(lines[1].hasPrefix("artifact  twin/train.model@1  sha256:"))
        #expect(lines[2] == "format    peft-lora")
        #expect(lines[3] == "base      \(Self.base)  (digest not recorded)")
        #expect(lines[4] == "made by   run RUN1 (twin), step train")
        #expect(lines[6] == "aliases   production")
        #expect(lines[8] == "evaluations (newest first)")
        #expect(lines[9] == "  twin/evaluate.report@1  run RUN1  TIME")
        #expect(lines[10] == "    gate     passed  perplexity < 8")
        #expect(lines[11] == "    metrics  judge 2  perplexity 7.1")
        #expect(lines[13] == "trained on")
        #expect(lines[14].hasPrefix("  ARTIFACT"))
        #expect(lines[15].hasPrefix("  twin/data.dataset@1") && lines[15].hasSuffix("3 examples (train 2, test 1)"))
        #expect(lines[16].hasPrefix("  twin/docs.documents@1") && lines[16].hasSuffix("4 documents"))
        #expect(lines[18] == "lineage")
        #expect(lines[19].hasPrefix("twin/train.model@1  model  sha256:"))
        #expect(lines.contains { $0.contains("dataset ← twin/data.dataset@1") })
        #expect(lines.contains { $0.contains("documents ← twin/docs.documents@1") })

        let json = try #require(try project.json("models", "show", "twin/1") as? [String: Any])
        #expect(json["reference"] as? String == "twin/1")
        #expect(json["aliases"] as? [String] == ["production"])
        let evaluations = try #require(json["evaluations"] as? [[String: Any]])
        #expect((evaluations.first?["gate"] as? [String: Any])?["passed"] as? Bool == true)
        #expect((evaluations.first?["metrics"] as? [String: Double])?["perplexity"] == 7.1)
        #expect((json["data"] as? [[String: Any]])?.compactMap { $0["type"] as? String } == ["dataset", "documents"])
        #expect(((json["lineage"] as? [String: Any])?["artifacts"] as? [Any])?.count == 3)

        let list = try #require(try project.json("models", "list") as? [[String: Any]])
        #expect(list.first?["name"] as? String == "twin")
        #expect(list.first?["version_count"] as? Int == 1)
        #expect(list.first?["aliases"] as? [String: Int] == ["production": 1])
    }

    @Test("generate and models export take registry references; unknown names say what the registry has")
    func references() throws {
        let project = try Self.project()
        _ = try run(project)
        let expected = try CLI.run(
            ["generate", "--model", Self.base, "--adapter", Self.adapter, "--temperature", "0", "--max-tokens", "12", "Hi"],
            in: project.root)
        #expect(expected.status == 0, "\(expected.stderr)")
        for arguments in [
            ["--model", "twin@production"], ["--adapter", "twin/1"], ["--model", Self.base, "--adapter", "twin"],
        ] {
            let result = try CLI.run(
                ["generate"] + arguments + ["--temperature", "0", "--max-tokens", "12", "Hi"], in: project.root)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout == expected.stdout, "\(arguments)")
        }
        let export = try project.run("models", "export", "twin@production", "--format", "peft", "--output", "out")
        #expect(export.stdout == "exported twin/1 as peft to out\n", "\(export.stderr)")

        let alias = try project.run("generate", "--adapter", "twin@staging", "Hi")
        #expect(alias.status == 2)
        #expect(alias.stderr == "error: no alias matches 'twin@staging'\nhint: twin has production\n", "\(alias.stderr)")
        let version = try project.run("models", "show", "twin/9")
        #expect(version.status == 2 && version.stderr.contains("no version matches 'twin/9'\nhint: twin has versions 1 to 1"))
        let model = try project.run("models", "show", "ghost")
        #expect(model.status == 2)
        #expect(model.stderr.contains("error: no registered model matches 'ghost'\nhint: `orchestrate models list`"))
        let bad = try project.run("models", "show", "twin/x")
        #expect(bad.status == 2 && bad.stderr.contains("'twin/x' is not a model reference"))
    }

    @Test("a registered whole model (a GGUF file, known by its magic) is loaded by --model, and refused as an adapter")
    func wholeModel() throws {
        let project = try TestProject()
        let export = try project.run(
            "models", "export", Self.adapter, "--format", "merged-gguf", "--dtype", "f32", "--base", Self.base, "--output",
            "merged.gguf")
        #expect(export.status == 0, "\(export.stderr)")
        try project.write(
            "publish.yaml",
            """
            name: publish
            steps:
              merged:
                uses: command
                register: tiny-gguf
                run: cp merged.gguf "$OUTPUT_model"
                outputs: { model: model }
            """)
        #expect(try project.run("run", "publish.yaml").status == 0)
        #expect(try project.run("models", "list").stdout.contains("tiny-gguf  1         1       gguf"))
        func greedy(_ model: String) throws -> CLI.Result {
            try project.run("generate", "--model", model, "--temperature", "0", "--max-tokens", "12", "Hi")
        }
        let byFile = try greedy("merged.gguf")
        let byName = try greedy("tiny-gguf@1")
        #expect(byName.status == 0, "\(byName.stderr)")
        #expect(byName.stdout == byFile.stdout && !byName.stdout.isEmpty)
        let asAdapter = try project.run("generate", "--adapter", "tiny-gguf", "Hi")
        #expect(asAdapter.status == 2)
        #expect(
            asAdapter.stderr.contains(
                "error: tiny-gguf/1 is a gguf model, not a LoRA adapter\nhint: give it as the model itself: --model tiny-gguf"))
    }
}
