import ArtifactStore
import Orchestrator
import Testing

/// Each cross-reference problem is reported with its location and, where one exists, a suggestion.
@Suite("PipelineValidator errors")
struct PipelineValidatorErrorTests {
    private func diagnostics(_ lines: String..., parameters: [String: JSONValue]? = nil) -> [Diagnostic] {
        OrchestratorTests.diagnostics(of: lines, planningWith: DeclaredSteps.catalog, parameters: parameters)
    }

    @Test("an unknown step type is reported at 'uses' with the closest type")
    func unknownStepType() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  a:",
            "    uses: chunck")
        #expect(found == [Diagnostic("step 'a' uses unknown step type 'chunck'", at: at(4, 11), hint: "did you mean 'chunk'?")])
    }

    @Test("an unknown step type with no close match points to the step list")
    func unknownStepTypeWithoutMatch() {
        let found = diagnostics("name: demo", "steps:", "  a: { uses: translate }")
        #expect(found.map(\.hint) == ["`orchestrate steps list` shows the types"])
    }

    @Test("reading from a step that does not exist names it and suggests the closest step")
    func missingStep() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  clean:",
            "    uses: import",
            "    with: { path: x }",
            "  chunk:",
            "    uses: chunk",
            "    inputs: { documents: clen.documents }")
        #expect(
            found == [
                Diagnostic(
                    "step 'chunk' reads 'clen.documents', but no step 'clen' exists", at: at(8, 26), hint: "did you mean 'clean'?"
                )
            ])
        #expect(
            found.first?.description
                == "p.yaml:8:26: step 'chunk' reads 'clen.documents', but no step 'clen' exists (did you mean 'clean'?)")
    }

    @Test("reading an output a step does not have lists the outputs it has")
    func missingOutput() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  load: { uses: import, with: { path: x } }",
            "  chunk:",
            "    uses: chunk",
            "    inputs: { documents: load.docs }")
        #expect(
            found == [
                Diagnostic(
                    "step 'chunk' reads 'load.docs', but step 'load' has no output 'docs'", at: at(6, 26),
                    hint: "its outputs are: documents")
            ])
    }

    @Test("reading a misspelt output suggests the right one")
    func misspeltOutput() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  load: { uses: import, with: { path: x } }",
            "  chunk: { uses: chunk, inputs: { documents: load.documnets } }")
        #expect(found.map(\.hint) == ["did you mean 'documents'?"])
    }

    @Test("a step that reads its own output is refused")
    func readsItself() {
        let found = diagnostics("name: demo", "steps:", "  a: { uses: clean, inputs: { documents: a.documents } }")
        #expect(found.map(\.message) == ["step 'a' reads its own output 'a.documents'"])
    }

    @Test("an input name a built-in step does not take is reported with a suggestion, and the missing one too")
    func unknownInputName() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  load: { uses: import, with: { path: x } }",
            "  chunk:",
            "    uses: chunk",
            "    inputs: { document: load.documents }")
        #expect(
            found == [
                Diagnostic(
                    "step 'chunk' needs input 'documents' (documents): Documents to chunk.", at: at(6, 13),
                    hint: "add it under 'inputs:' as step.output"),
                Diagnostic("step type 'chunk' has no input 'document'", at: at(6, 25), hint: "did you mean 'documents'?"),
            ])
    }

    @Test("a required input that is not bound is reported at the step")
    func missingInput() {
        let found = diagnostics("name: demo", "steps:", "  chunk:", "    uses: chunk")
        #expect(
            found == [
                Diagnostic(
                    "step 'chunk' needs input 'documents' (documents): Documents to chunk.", at: at(3, 3),
                    hint: "add it under 'inputs:' as step.output")
            ])
    }

    @Test("a required parameter that is not given is reported")
    func missingParameter() {
        let found = diagnostics("name: demo", "steps:", "  load:", "    uses: import")
        #expect(found == [Diagnostic("step 'load' needs parameter 'path' (string): Where the export is.", at: at(3, 3))])
    }

    @Test("a parameter of the wrong type names the type expected and the value given")
    func wrongParameterType() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  load: { uses: import, with: { path: x } }",
            "  chunk:",
            "    uses: chunk",
            "    inputs: { documents: load.documents }",
            "    with: { size: big }")
        #expect(found == [Diagnostic("parameter 'size' of step 'chunk' must be int, got string \"big\"", at: at(7, 19))])
    }

    @Test("a wrong type coming from ${params.x} says which parameter it came from")
    func wrongParameterTypeFromParams() {
        let found = diagnostics(
            "name: demo",
            "parameters:",
            "  size: \"1000\"",
            "steps:",
            "  load: { uses: import, with: { path: x } }",
            "  chunk:",
            "    uses: chunk",
            "    inputs: { documents: load.documents }",
            "    with: { size: \"${params.size}\" }")
        #expect(
            found == [
                Diagnostic(
                    "parameter 'size' of step 'chunk' must be int, got string \"1000\" (from parameter 'size')", at: at(9, 19))
            ])
    }

    @Test("a parameter a step type does not take is reported at its key with a suggestion")
    func unknownParameterName() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  load: { uses: import, with: { path: x } }",
            "  chunk:",
            "    uses: chunk",
            "    inputs: { documents: load.documents }",
            "    with: { sise: 3 }")
        #expect(found == [Diagnostic("step type 'chunk' has no parameter 'sise'", at: at(7, 13), hint: "did you mean 'size'?")])
    }

    @Test("a step type without parameters says it takes none")
    func parameterForParameterlessStep() {
        let found = diagnostics("name: demo", "steps:", "  a: { uses: noop, with: { x: 1 } }")
        #expect(found.map(\.hint) == ["it takes none"])
    }

    @Test("a reference to an undeclared parameter suggests the closest one")
    func unknownParameterReference() {
        let found = diagnostics(
            "name: demo",
            "parameters: { chunk_size: 100 }",
            "steps:",
            "  load: { uses: import, with: { path: x } }",
            "  chunk:",
            "    uses: chunk",
            "    inputs: { documents: load.documents }",
            "    with: { size: \"${params.chunk_sise}\" }")
        #expect(
            found == [
                Diagnostic(
                    "'${params.chunk_sise}' refers to a parameter that is not declared", at: at(8, 19),
                    hint: "did you mean 'chunk_size'?")
            ])
    }

    @Test("a reference to an undeclared parameter in 'run' is reported too")
    func unknownParameterInRun() {
        let found = diagnostics("name: demo", "steps:", "  a: { uses: command, run: \"echo ${params.nope}\" }")
        #expect(found.map(\.message) == ["'${params.nope}' refers to a parameter that is not declared"])
        #expect(found.first?.hint == "declare it under 'parameters:'")
    }

    @Test("a cycle is reported once, listing the steps around it")
    func cycle() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  a: { uses: clean, inputs: { documents: c.documents } }",
            "  b: { uses: clean, inputs: { documents: a.documents } }",
            "  c: { uses: clean, inputs: { documents: b.documents } }")
        #expect(
            found == [
                Diagnostic("steps form a cycle: a → b → c → a", at: at(3, 3), hint: "remove one of these inputs or 'after' edges")
            ])
    }

    @Test("a cycle through 'after' edges is found too")
    func cycleThroughAfter() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  x: { uses: noop, after: [y] }",
            "  y: { uses: noop, after: x }")
        #expect(found.map(\.message) == ["steps form a cycle: x → y → x"])
    }

    @Test("'after' naming a missing step or the step itself is refused")
    func badAfter() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  clean: { uses: noop }",
            "  x: { uses: noop, after: [clen, x] }")
        #expect(
            found == [
                Diagnostic("step 'x' runs after 'clen', but no step 'clen' exists", at: at(4, 28), hint: "did you mean 'clean'?"),
                Diagnostic("step 'x' cannot run after itself", at: at(4, 34)),
            ])
    }

    @Test("a 'when' that does not parse is reported with the character where it fails")
    func whenSyntaxError() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  load: { uses: import, with: { path: x } }",
            "  a:",
            "    uses: noop",
            "    when: \"load.documents.count >\"")
        #expect(
            found == [
                Diagnostic(
                    "'when' of step 'a' is not a valid expression: the expression ends where a value was expected (at character 23)",
                    at: at(6, 11))
            ])
    }

    @Test("a 'when' reading a missing step suggests the closest one")
    func whenUnknownStep() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  clean: { uses: import, with: { path: x } }",
            "  a: { uses: noop, when: \"clen.documents.count > 0\" }")
        #expect(
            found == [
                Diagnostic(
                    "step 'a' guards on 'clen.documents', but no step 'clen' exists", at: at(4, 26), hint: "did you mean 'clean'?"
                )
            ])
    }

    @Test("a 'when' reading an undeclared parameter suggests the closest one")
    func whenUnknownParameter() {
        let found = diagnostics(
            "name: demo",
            "parameters: { enabled: true }",
            "steps:",
            "  a: { uses: noop, when: params.enabld }")
        #expect(
            found == [
                Diagnostic(
                    "'when' of step 'a' reads 'params.enabld', which is not a declared parameter", at: at(4, 26),
                    hint: "did you mean 'enabled'?")
            ])
    }

    @Test("a 'when' path must name a step output or a parameter")
    func whenBarePath() {
        let found = diagnostics("name: demo", "steps:", "  a: { uses: noop, when: count }")
        #expect(found.map(\.message) == ["'when' of step 'a' reads 'count': write step.output.key or params.name"])
    }

    @Test("'run' on a step type that takes none is refused")
    func runOnNonCommand() {
        let found = diagnostics("name: demo", "steps:", "  a:", "    uses: noop", "    run: echo hi")
        #expect(
            found == [
                Diagnostic("step type 'noop' does not take 'run'", at: at(5, 10), hint: "use 'uses: command' to run a program")
            ])
    }

    @Test("a command step without 'run' is refused")
    func commandWithoutRun() {
        let found = diagnostics("name: demo", "steps:", "  a: { uses: command, outputs: [x] }")
        #expect(found == [Diagnostic("step 'a' (command) needs 'run': the shell command to execute", at: at(3, 3))])
    }

    @Test("'outputs' on a step type with fixed outputs is refused, naming them")
    func outputsOnFixedOutputStep() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  load: { uses: import, with: { path: x } }",
            "  a:",
            "    uses: clean",
            "    inputs: { documents: load.documents }",
            "    outputs: [extra]")
        #expect(found == [Diagnostic("step type 'clean' has fixed outputs (documents); remove 'outputs'", at: at(7, 14))])
        let none = diagnostics("name: demo", "steps:", "  a: { uses: noop, outputs: [x] }")
        #expect(none.map(\.message) == ["step type 'noop' has fixed outputs (none); remove 'outputs'"])
    }

    @Test("reading an output a command step does not declare is refused")
    func undeclaredCommandOutput() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  make: { uses: command, run: x, outputs: [report] }",
            "  use: { uses: command, run: y, inputs: { r: make.summary } }")
        #expect(found.map(\.message) == ["step 'use' reads 'make.summary', but step 'make' has no output 'summary'"])
        #expect(found.first?.hint == "its outputs are: report")
    }

    @Test("problems from every step are reported together, in file order")
    func manyProblems() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  a: { uses: chunck }",
            "  b: { uses: noop, after: [zzz] }",
            "  c: { uses: noop, run: x }")
        #expect(found.map { $0.location!.line } == [3, 4, 5])
    }
}
