import ArtifactStore
import Orchestrator
import Testing

/// `register: NAME` on a step: a valid model name, on a step with exactly one output of type model.
@Suite("register")
struct RegisterValidationTests {
    private func diagnostics(_ lines: String...) -> [Diagnostic] {
        OrchestratorTests.diagnostics(of: lines, planningWith: DeclaredSteps.catalog)
    }

    @Test("a step with one model output keeps the name it registers under")
    func accepted() throws {
        let spec = try SpecParser.parse(
            """
            name: demo
            steps:
              train:
                uses: command
                register: twin
                run: mkdir "$OUTPUT_model"
                outputs: { model: model, notes: report }
            """, file: "p.yaml")
        _ = try PipelineValidator(catalog: DeclaredSteps.catalog).plan(spec)
        #expect(spec.step(named: "train")?.register == "twin")
        #expect(spec.step(named: "train")?.register != nil)
    }

    @Test("a name the registry does not accept is reported where it is written")
    func invalidName() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  train:",
            "    uses: command",
            "    register: twin/3",
            "    run: x",
            "    outputs: { model: model }")
        #expect(
            found == [
                Diagnostic(
                    "'register' of step 'train': 'twin/3' is not a model name "
                        + "(write a letter or '_', then letters, digits, '.', '_' and '-')", at: at(5, 15))
            ])
    }

    @Test("a step without a model output, or with two, cannot say what it registers")
    func outputs() {
        let none = diagnostics(
            "name: demo",
            "steps:",
            "  load:",
            "    uses: import",
            "    register: twin",
            "    with: { path: x }")
        #expect(
            none == [
                Diagnostic(
                    "step 'load' registers 'twin', but it has no output of type model", at: at(5, 15),
                    hint: "remove 'register' from this step")
            ])
        let two = diagnostics(
            "name: demo",
            "steps:",
            "  train:",
            "    uses: command",
            "    register: twin",
            "    run: x",
            "    outputs: { a: model, b: model }")
        #expect(
            two == [
                Diagnostic(
                    "step 'train' registers 'twin', but it has 2 outputs of type model (a, b): which one is ambiguous",
                    at: at(5, 15), hint: "declare one output as a model: outputs: { NAME: model }")
            ])
    }
}
