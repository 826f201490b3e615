import Orchestrator
import Testing

/// Each structural problem of a pipeline file is reported at its exact line and column.
@Suite("SpecParser errors")
struct SpecParserErrorTests {
    private func diagnostics(_ lines: String...) -> [Diagnostic] {
        OrchestratorTests.diagnostics(of: lines)
    }

    @Test("a YAML syntax error is reported where the scanner stopped")
    func yamlSyntaxError() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  a:",
            "    uses: noop",
            "   bad: 1")
        #expect(found.count == 1)
        #expect(found.first?.location == at(5, 4))
        #expect(found.first?.message.hasPrefix("YAML syntax error: ") == true)
    }

    @Test("an unclosed flow mapping is a YAML syntax error")
    func unclosedFlowMapping() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  a: { uses: noop",
            "  b: { uses: noop }")
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("YAML syntax error: ") == true)
        #expect(found.first?.location?.line == 4)
    }

    @Test("an unknown top-level key is reported with a did-you-mean")
    func unknownTopLevelKey() {
        let found = diagnostics(
            "name: demo",
            "stpes:",
            "  a: { uses: noop }")
        #expect(
            found.map(\.description) == [
                "p.yaml:1:1: missing 'steps': a pipeline needs at least one step",
                "p.yaml:2:1: unknown key 'stpes' (did you mean 'steps'?)",
            ])
    }

    @Test("an unknown top-level key with no close match lists the keys")
    func unknownTopLevelKeyWithoutMatch() {
        let found = diagnostics(
            "name: demo",
            "colour: red",
            "steps:",
            "  a: { uses: noop }")
        #expect(found.map(\.location) == [at(2, 1)])
        #expect(found.first?.hint == "expected one of: name, description, parameters, steps, schedule, triggers, executor")
    }

    @Test("an unknown step key is reported with a did-you-mean")
    func unknownStepKey() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  a:",
            "    uses: noop",
            "    tiemout: 5s")
        #expect(found == [Diagnostic("unknown key 'tiemout' in step 'a'", at: at(5, 5), hint: "did you mean 'timeout'?")])
    }

    @Test("a step name used twice is reported at the second one, naming the first")
    func duplicateStepName() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  a: { uses: noop }",
            "  a: { uses: noop }")
        #expect(found.count == 1)
        #expect(
            found.first?.message == "'a' is defined more than once in the same mapping (first at line 3); names must be unique")
        #expect(found.first?.location == at(4, 3))
    }

    @Test("a timeout that is not a duration is reported at its value", arguments: ["15 minutes", "soon", "-5s", "[1]"])
    func badDuration(value: String) {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  a:",
            "    uses: noop",
            "    timeout: \(value)")
        #expect(
            found == [
                Diagnostic("'timeout' is not a duration", at: at(5, 14), hint: "write it like 30s, 500ms, 15m, 2h or 1h30m")
            ])
    }

    @Test("a retry delay that is not a duration is reported at its value")
    func badRetryDelay() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  a: { uses: noop, retry_delay: later }")
        #expect(found.map(\.message) == ["'retry_delay' is not a duration"])
        #expect(found.first?.location == at(3, 33))
    }

    @Test("a timeout too long to wait for is refused rather than crashing the run", arguments: ["inf", "1e12", "1e300"])
    func hugeTimeout(value: String) {
        // withTimeout converts seconds to UInt64 nanoseconds, which traps above about 1.8e10 seconds.
        do {
            let found = diagnostics(
                "name: demo",
                "steps:",
                "  a:",
                "    uses: noop",
                "    timeout: \(value)")
            #expect(found.map(\.location) == [at(5, 14)])
        }
    }

    @Test("a zero timeout is refused")
    func zeroTimeout() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  a:",
            "    uses: noop",
            "    timeout: 0s")
        #expect(found == [Diagnostic("'timeout' must be longer than zero", at: at(5, 14))])
    }

    @Test("retries must be a whole number from 0 to 100", arguments: ["many", "101", "-1", "1.5", "\"2\""])
    func badRetries(value: String) {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  a:",
            "    uses: noop",
            "    retries: \(value)")
        #expect(found == [Diagnostic("'retries' must be a whole number from 0 to 100", at: at(5, 14))])
    }

    @Test("a step without 'uses' is reported at its name")
    func missingUses() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  a:",
            "    with: { x: 1 }")
        #expect(
            found == [
                Diagnostic(
                    "step 'a' has no 'uses': say which step type it runs", at: at(3, 3),
                    hint: "`orchestrate steps list` shows the types")
            ])
    }

    @Test("a file without name or steps says both are missing")
    func missingNameAndSteps() {
        let found = diagnostics("description: nothing")
        #expect(
            Set(found) == [
                Diagnostic("missing 'name': every pipeline needs a name", at: at(1, 1)),
                Diagnostic("missing 'steps': a pipeline needs at least one step", at: at(1, 1)),
            ])
    }

    @Test("empty steps are refused")
    func emptySteps() {
        let found = diagnostics("name: demo", "steps: {}")
        #expect(found == [Diagnostic("'steps' is empty: a pipeline needs at least one step", at: at(2, 8))])
    }

    @Test("schedule and trigger mistakes are reported where they were written")
    func scheduleAndTriggerMistakes() {
        let found = diagnostics(
            "name: demo",
            "schedule: { cron: \"0 3 * * *\", catch_up: some, max_catch_up: 0, tz: UTC }",
            "triggers:",
            "  - on_artifact: { pipeline: etl }",
            "  - when: \"artifact.count > 1\"",
            "steps:",
            "  a: { uses: noop }")
        #expect(
            found == [
                Diagnostic("'catch_up' must be none, latest or all, not 'some'", at: at(2, 42)),
                Diagnostic("'max_catch_up' must be a whole number from 1 to 10000", at: at(2, 62)),
                Diagnostic(
                    "unknown key 'tz' in 'schedule'", at: at(2, 65),
                    hint: "expected one of: cron, timezone, catch_up, max_catch_up"),
                Diagnostic("'on_artifact' needs both 'pipeline' and 'name'", at: at(4, 18)),
                Diagnostic("a trigger needs 'on_artifact: { pipeline: P, name: A }'", at: at(5, 5)),
            ])
    }

    @Test("a schedule without cron is refused")
    func scheduleWithoutCron() {
        let found = diagnostics("name: demo", "schedule: { timezone: UTC }", "steps:", "  a: { uses: noop }")
        #expect(found == [Diagnostic("'schedule' needs 'cron', like cron: \"0 3 * * *\"", at: at(2, 11))])
    }

    @Test("an empty file says what a pipeline needs")
    func emptyFile() {
        #expect(diagnostics("") == [Diagnostic("the file is empty: a pipeline needs 'name' and 'steps'", at: at(1, 1))])
    }

    @Test("a file that is not a mapping is refused")
    func notAMapping() {
        #expect(diagnostics("- a", "- b") == [Diagnostic("a pipeline file is a mapping with 'name' and 'steps'", at: at(1, 1))])
    }

    @Test("a badly formed step name is refused at the name")
    func badStepName() {
        let found = diagnostics("name: demo", "steps:", "  1st: { uses: noop }")
        #expect(
            found == [
                Diagnostic(
                    "step name '1st' must start with a letter or '_' and use letters, digits, '_' and '-'", at: at(3, 3))
            ])
    }

    @Test("an input that is not step.output is refused at its value")
    func badInput() {
        let found = diagnostics("name: demo", "steps:", "  a: { uses: noop, inputs: { documents: clean } }")
        #expect(
            found == [Diagnostic("input 'documents' reads 'clean': expected step.output, like clean.documents", at: at(3, 41))])
    }

    @Test("'cache' must be a boolean")
    func badCache() {
        let found = diagnostics("name: demo", "steps:", "  a: { uses: noop, cache: yes }")
        #expect(found == [Diagnostic("'cache' must be true or false", at: at(3, 27))])
    }

    @Test("an output declared twice is refused at the second")
    func duplicateOutput() {
        let found = diagnostics("name: demo", "steps:", "  a: { uses: command, run: x, outputs: [out, out] }")
        #expect(found == [Diagnostic("output 'out' is declared twice", at: at(3, 46))])
    }

    @Test("every problem in a file is reported at once, in file order")
    func manyProblems() {
        let found = diagnostics(
            "name: demo",
            "steps:",
            "  a:",
            "    uses: noop",
            "    retries: lots",
            "  b:",
            "    timeout: never")
        #expect(found.map { $0.location!.line } == [5, 6, 7])
        #expect(
            found.map(\.message) == [
                "'retries' must be a whole number from 0 to 100",
                "step 'b' has no 'uses': say which step type it runs",
                "'timeout' is not a duration",
            ])
    }

    @Test("a diagnostic prints as FILE:LINE:COL: message (hint)")
    func diagnosticDescription() {
        let diagnostic = Diagnostic("unknown key 'x'", at: at(3, 7), hint: "did you mean 'y'?")
        #expect(diagnostic.description == "p.yaml:3:7: unknown key 'x' (did you mean 'y'?)")
        #expect(Diagnostic("no file", at: nil).description == "no file")
    }
}
