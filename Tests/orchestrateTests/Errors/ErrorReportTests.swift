import ArtifactStore
import Compute
import Foundation
import Generation
import Orchestrator
import Testing

@testable import orchestrate

/// Every error type a command can meet becomes one readable line, a hint where one helps, and the
/// documented exit code: 1 when work was carried out and failed, 2 when the command could not do it.
@Suite("error reports")
struct ErrorReportTests {
    @Test("a reference that matches nothing says which command lists what is there")
    func notFound() {
        let report = ErrorReport(
            StoreError.notFound(kind: "run", reference: "zz", hint: "`orchestrate runs list` shows the runs in runs"))
        #expect(report.message == "no run matches 'zz'")
        #expect(report.hint == "`orchestrate runs list` shows the runs in runs")
        #expect(report.exitCode == 2)
    }

    @Test("an ambiguous prefix lists the candidates and asks for more characters")
    func ambiguous() {
        let report = ErrorReport(StoreError.ambiguous(kind: "run", reference: "a", candidates: ["a1", "a2"]))
        #expect(report.message == "'a' matches 2 runs: a1, a2")
        #expect(report.hint == "give more characters of the id")
    }

    @Test("a database that is not a store asks whether --store points at one")
    func database() {
        let report = ErrorReport(StoreError.database(path: "x/orchestrate.sqlite", reason: "file is not a database"))
        #expect(report.message == "store database x/orchestrate.sqlite: file is not a database")
        #expect(report.hint?.contains("--store") == true)
    }

    @Test("model files name the file and say how to get a good copy")
    func modelFiles() {
        let missing = ErrorReport(ModelFileError(.missing, file: "models/m/config.json", message: "is missing"))
        #expect(missing.message == "models/m/config.json: is missing")
        #expect(missing.hint?.contains("./scripts/setup") == true)
        let truncated = ErrorReport(GGUFError(.truncated, file: "m.gguf", message: "ends at byte 10"))
        #expect(truncated.message == "m.gguf: ends at byte 10")
        #expect(truncated.hint == "the file may be truncated or damaged: download it again")
        let tensors = ErrorReport(SafetensorsError(.badOffsets, file: "model.safetensors", message: "overlap"))
        #expect(tensors.hint?.contains("fetch the model again") == true)
        #expect([missing, truncated, tensors].allSatisfy { $0.exitCode == 2 })
    }

    @Test("a damaged vector index points at artifacts verify")
    func vectorIndex() {
        let report = ErrorReport(VectorIndexError(.truncated, file: "index.bin", message: "is 10 bytes"))
        #expect(report.hint == "run `orchestrate artifacts verify` to check the stored content")
    }

    @Test("a cron expression error quotes the field and says what cron takes")
    func cron() {
        let report = ErrorReport(CronError(field: "minute", message: "minute '61' is out of range 0-59"))
        #expect(report.message == "invalid cron expression: minute '61' is out of range 0-59")
        #expect(report.hint?.hasPrefix("cron takes five fields") == true)
    }

    @Test("a generation that failed exits 1, like a failed run; Ctrl-C exits 130")
    func failedWork() {
        #expect(ErrorReport(GenerationError("the server answered 500")).exitCode == 1)
        #expect(ErrorReport(CancellationError()).exitCode == 130)
    }

    @Test("a Foundation file error names the file once, in words")
    func foundation() {
        let error = CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: "/data/links.txt"])
        let report = ErrorReport(error)
        #expect(report.message.hasPrefix("/data/links.txt: "))
        #expect(!report.message.contains("Domain="))
        #expect(report.hint == "check the path")
    }

    @Test("an error no rendering knows is still one line, exits 2 rather than 'run failed', and keeps its details")
    func unknown() {
        struct Strange: Error, CustomStringConvertible {
            var description: String { "something odd\nhappened" }
        }
        let report = ErrorReport(Strange())
        #expect(report.message == "something odd happened")
        #expect(report.exitCode == 2)
        #expect(report.hint != nil)
        #expect(report.details?.contains("Strange") == true)
    }

    @Test("a pipeline's problems print as FILE:LINE:COL lines, without an error: line")
    func pipeline() {
        let location = SourceLocation(file: "p.yaml", line: 3, column: 5)
        let report = ErrorReport(PipelineError([Diagnostic("unknown key 'x'", at: location, hint: "did you mean 'y'?")]))
        #expect(report.render(verbosity: .normal, colored: false) == "p.yaml:3:5: unknown key 'x' (did you mean 'y'?)\n")
    }

    @Test("the text is the error line, then the hint; details only when verbose")
    func render() {
        let report = ErrorReport(message: "no store at runs/", hint: "run a pipeline first", details: "CLIFailure")
        #expect(report.render(verbosity: .normal, colored: false) == "error: no store at runs/\nhint: run a pipeline first\n")
        #expect(report.render(verbosity: .quiet, colored: false) == "error: no store at runs/\nhint: run a pipeline first\n")
        #expect(report.render(verbosity: .verbose, colored: false).hasSuffix("\ndetails: CLIFailure\n"))
    }
}
