import ArtifactStore
import OrchestrateTesting
import Orchestrator
import Testing

/// What a valid pipeline becomes: an execution plan with parameters resolved and steps ordered.
@Suite("PipelineValidator plans")
struct PipelineValidatorTests {
    private func plan(_ yaml: String, parameters: [String: JSONValue]? = nil) throws -> ExecutionPlan {
        try PipelineValidator(catalog: DeclaredSteps.catalog).plan(SpecParser.parse(yaml, file: "p.yaml"), parameters: parameters)
    }

    static let feature = """
        name: feature
        parameters:
          export: data/export.json
          size: 500
          label: run
        steps:
          report:
            uses: command
            run: wc -l "$INPUT_chunks" > "$OUTPUT_report" && echo ${params.size}
            inputs: { chunks: chunk.chunks }
            outputs: { report: report }
          chunk:
            uses: chunk
            inputs: { documents: clean.documents }
            with: { size: "${params.size}", label: "${params.label}-${params.size}" }
          clean:
            uses: clean
            inputs: { documents: load.documents }
          load:
            uses: import
            with: { path: "${params.export}" }
        """

    @Test("a whole-value parameter reference keeps the parameter's type; inside text it becomes text")
    func typePreservingInterpolation() throws {
        let chunk = try #require(try plan(Self.feature).step("chunk"))
        #expect(chunk.parameters["size"] == .int(500))
        #expect(chunk.parameters["label"] == .string("run-500"))
    }

    @Test("the step type's defaults fill in parameters the file leaves out")
    func defaultsFilled() throws {
        let chunk = try #require(try plan(Self.feature).step("chunk"))
        #expect(chunk.parameters == ["size": 500, "label": "run-500", "overlap": 100])
    }

    @Test("given parameters replace the defaults")
    func givenParameters() throws {
        let planned = try plan(Self.feature, parameters: ["export": "other.json", "size": 64, "label": "x"])
        #expect(planned.parameters["size"] == .int(64))
        #expect(planned.step("chunk")?.parameters["size"] == .int(64))
        #expect(planned.step("load")?.parameters["path"] == .string("other.json"))
    }

    @Test("steps are ordered so each comes after the steps it reads")
    func topologicalOrder() throws {
        #expect(try plan(Self.feature).steps.map(\.name) == ["load", "clean", "chunk", "report"])
    }

    @Test("independent steps keep file order, and 'after' edges count as dependencies")
    func tiesKeepFileOrder() throws {
        let planned = try plan(
            """
            name: order
            steps:
              c: { uses: noop }
              a: { uses: noop, after: [b] }
              b: { uses: noop }
              d: { uses: noop }
            """)
        #expect(planned.steps.map(\.name) == ["c", "b", "d", "a"])
        #expect(planned.step("a")?.dependencies == ["b"])
    }

    @Test("the script's parameters are interpolated and the declared outputs kept")
    func commandStep() throws {
        let report = try #require(try plan(Self.feature).step("report"))
        #expect(report.script == #"wc -l "$INPUT_chunks" > "$OUTPUT_report" && echo 500"#)
        #expect(report.outputs == [OutputDeclaration(name: "report", type: "report")])
        #expect(report.parameters == ["shell": "/bin/sh", "env": [:]])
        #expect(report.descriptor.type == "command")
    }

    @Test("a fixed-output step's outputs come from its type")
    func fixedOutputs() throws {
        let chunk = try #require(try plan(Self.feature).step("chunk"))
        #expect(chunk.outputs == [OutputDeclaration(name: "chunks", type: "chunks")])
    }

    @Test("dependencies come from inputs, 'after' and the steps a guard reads")
    func dependencies() throws {
        let planned = try plan(
            """
            name: deps
            parameters: { go: true }
            steps:
              load: { uses: import, with: { path: x } }
              clean: { uses: clean, inputs: { documents: load.documents } }
              side: { uses: noop }
              chunk:
                uses: chunk
                inputs: { documents: clean.documents }
                after: [side]
                when: "load.documents.count > 0 and params.go"
            """)
        let chunk = try #require(planned.step("chunk"))
        #expect(chunk.dependencies == ["clean", "side", "load"])
        #expect(chunk.when?.text == "load.documents.count > 0 and params.go")
        #expect(planned.graph.dependencies["chunk"] == ["clean", "side", "load"])
    }

    @Test(
        "parameter kinds accept the values they should",
        arguments: [
            ("normalize: false", true), ("normalize: 1", false),
            ("ratio: 2", true), ("ratio: 0.25", true), ("ratio: \"0.25\"", false),
            ("timeout: 90", true), ("timeout: 1h30m", true), ("timeout: later", false),
            ("models: [a, b]", true), ("models: a", false),
        ])
    func parameterKinds(with: String, accepted: Bool) throws {
        let yaml = """
            name: kinds
            steps:
              chunk: { uses: chunk, inputs: { documents: load.documents } }
              load: { uses: import, with: { path: x } }
              embed:
                uses: embed
                inputs: { chunks: chunk.chunks }
                with: { \(with) }
            """
        if accepted {
            _ = try plan(yaml)
        } else {
            #expect(throws: PipelineError.self) { try plan(yaml) }
        }
    }

    @Test("an optional input may be left out")
    func optionalInput() throws {
        let planned = try plan(
            """
            name: optional
            steps:
              load: { uses: import, with: { path: x } }
              chunk: { uses: chunk, inputs: { documents: load.documents } }
              embed: { uses: embed, inputs: { chunks: chunk.chunks } }
            """)
        #expect(planned.step("embed")?.spec.inputs.keys.sorted() == ["chunks"])
    }

    @Test("a pipeline file is read, parsed and planned, with --param overrides")
    func planFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write(Self.feature, to: "feature.yaml")
        let planned = try PipelineValidator(catalog: DeclaredSteps.catalog).plan(file: file.path, overrides: [("size", "64")])
        #expect(planned.pipeline == "feature")
        #expect(planned.step("chunk")?.parameters["size"] == .int(64))
        #expect(planned.spec.file == file.path)
    }
}
