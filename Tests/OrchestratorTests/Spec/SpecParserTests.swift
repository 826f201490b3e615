import ArtifactStore
import OrchestrateTesting
import Orchestrator
import Testing

@Suite("SpecParser")
struct SpecParserTests {
    static let text = """
        name: feature
        description: Crawl and chunk.
        parameters:
          links: examples/links.txt
          chunk_size: 1000
          quoted: "1"
          ratio: 0.5
          enabled: true
          answer: no
          nothing: ~
          hex: 0x1F
          tags: [a, 2]
        steps:
          crawl:
            uses: crawl
            description: Fetch pages.
            with: { links: "${params.links}", max_pages: 500 }
            retries: 2
            retry_delay: 500ms
            timeout: 15m
          chunk:
            uses: chunk
            inputs: { documents: crawl.documents }
            with:
              size: "${params.chunk_size}"
              overlap: 100
            timeout: 1h30m
          report:
            uses: command
            run: python3 scripts/report.py "$INPUT_chunks" "$OUTPUT_report"
            inputs: { chunks: chunk.chunks }
            outputs: [report, summary]
            after: [crawl]
            cache: false
            when: "chunk.chunks.count > 0"
          publish:
            uses: command
            run: cp "$INPUT_report" "$OUTPUT_site"
            inputs: { report: report.report }
            outputs: { site: website, notes: report }
            after: report
            timeout: 90
        """

    private func parse() throws -> PipelineSpec {
        try SpecParser.parse(Self.text, file: "pipelines/feature.yaml")
    }

    @Test("the pipeline's name, description, text and file are kept")
    func header() throws {
        let spec = try parse()
        #expect(spec.name == "feature")
        #expect(spec.description == "Crawl and chunk.")
        #expect(spec.text == Self.text)
        #expect(spec.file == "pipelines/feature.yaml")
    }

    @Test("parameters keep their YAML types and file order; quoted values stay text")
    func parameters() throws {
        let spec = try parse()
        #expect(
            spec.parameters.map(\.name) == [
                "links", "chunk_size", "quoted", "ratio", "enabled", "answer", "nothing", "hex", "tags",
            ])
        #expect(
            spec.parameters.map(\.value) == [
                .string("examples/links.txt"), .int(1000), .string("1"), .double(0.5), .bool(true), .string("no"), .null,
                .int(31), ["a", 2],
            ])
        #expect(spec.parameterDefaults["chunk_size"] == .int(1000))
    }

    @Test("steps are kept in file order with every field typed")
    func steps() throws {
        let spec = try parse()
        #expect(spec.steps.map(\.name) == ["crawl", "chunk", "report", "publish"])

        let crawl = try #require(spec.step(named: "crawl"))
        #expect(crawl.uses == "crawl")
        #expect(crawl.description == "Fetch pages.")
        #expect(crawl.with == ["links": "${params.links}", "max_pages": 500])
        #expect(crawl.retries == 2)
        #expect(crawl.retryDelay == 0.5)
        #expect(crawl.timeout == 900)
        #expect(crawl.cache)
        #expect(crawl.inputs.isEmpty && crawl.outputs.isEmpty && crawl.after.isEmpty)
        #expect(crawl.when == nil && crawl.run == nil)

        let chunk = try #require(spec.step(named: "chunk"))
        #expect(chunk.inputs.mapValues(\.description) == ["documents": "crawl.documents"])
        #expect(chunk.inputs["documents"]?.step == "crawl" && chunk.inputs["documents"]?.output == "documents")
        #expect(chunk.with == ["size": "${params.chunk_size}", "overlap": 100])
        #expect(chunk.timeout == 5400)
        #expect(chunk.retries == 0)
        #expect(chunk.retryDelay == 1)
    }

    @Test("a command step keeps its script, outputs, after, cache and when")
    func commandStep() throws {
        let spec = try parse()
        let report = try #require(spec.step(named: "report"))
        #expect(report.run == #"python3 scripts/report.py "$INPUT_chunks" "$OUTPUT_report""#)
        #expect(report.inputs["chunks"]?.description == "chunk.chunks")
        #expect(
            report.outputs == [OutputDeclaration(name: "report", type: "file"), OutputDeclaration(name: "summary", type: "file")])
        #expect(report.after == ["crawl"])
        #expect(!report.cache)
        #expect(report.when == "chunk.chunks.count > 0")
        #expect(report.timeout == nil)
    }

    @Test("outputs may map names to artifact types, and 'after' may be a single name")
    func outputMappingAndSingleAfter() throws {
        let publish = try #require(try parse().step(named: "publish"))
        #expect(
            publish.outputs == [
                OutputDeclaration(name: "site", type: "website"), OutputDeclaration(name: "notes", type: "report"),
            ])
        #expect(publish.after == ["report"])
        #expect(publish.timeout == 90)
    }

    @Test("each part of a step remembers where it was written")
    func locations() throws {
        let spec = try parse()
        let chunk = try #require(spec.step(named: "chunk"))
        #expect(chunk.location("step") == Orchestrator.SourceLocation(file: "pipelines/feature.yaml", line: 21, column: 3))
        #expect(chunk.location("uses") == Orchestrator.SourceLocation(file: "pipelines/feature.yaml", line: 22, column: 11))
        #expect(
            chunk.location("inputs.documents")
                == Orchestrator.SourceLocation(file: "pipelines/feature.yaml", line: 23, column: 26))
        #expect(chunk.location("with.size") == Orchestrator.SourceLocation(file: "pipelines/feature.yaml", line: 25, column: 13))
        #expect(
            chunk.location("with.size.key") == Orchestrator.SourceLocation(file: "pipelines/feature.yaml", line: 25, column: 7))
        #expect(chunk.location("nothing-like-this") == chunk.location("step"))
    }

    @Test("a file is read from disk and parsed")
    func load() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write(Self.text, to: "feature.yaml")
        let spec = try SpecParser.load(path: file.path)
        #expect(spec.name == "feature")
        #expect(spec.file == file.path)
    }

    @Test("a missing file is an error naming it")
    func loadMissing() {
        let error = #expect(throws: PipelineError.self) { try SpecParser.load(path: "/nonexistent/pipeline.yaml") }
        #expect(error?.description == "/nonexistent/pipeline.yaml: no such file")
    }
}
