import ArtifactStore
import Orchestrator
import Testing

/// The problems a pipeline text (lines joined by newlines, file `p.yaml`) is reported with: parsed
/// only, or also planned against `catalog`. Records an issue if it turns out valid.
func diagnostics(of lines: [String], planningWith catalog: StepCatalog? = nil, parameters: [String: JSONValue]? = nil)
    -> [Diagnostic]
{
    do {
        let spec = try SpecParser.parse(lines.joined(separator: "\n") + "\n", file: "p.yaml")
        if let catalog { _ = try PipelineValidator(catalog: catalog).plan(spec, parameters: parameters) }
        Issue.record("the pipeline has no errors")
        return []
    } catch let error as PipelineError {
        return error.diagnostics
    } catch {
        Issue.record("unexpected error \(error)")
        return []
    }
}

/// A location in `p.yaml`.
func at(_ line: Int, _ column: Int) -> Orchestrator.SourceLocation {
    Orchestrator.SourceLocation(file: "p.yaml", line: line, column: column)
}
