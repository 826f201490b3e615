import ArtifactStore
import Orchestrator
import Steps
import Testing

/// `executor:` (pipeline or step) and `resources:` (step): where a step runs and what it asks for.
@Suite("executor and resources in pipeline files")
struct ExecutorSpecParsingTests {
    private let catalog = StepCatalog([CommandStep(), NoopStep()])

    private func plan(_ lines: String...) throws -> ExecutionPlan {
        let spec = try SpecParser.parse(lines.joined(separator: "\n") + "\n", file: "p.yaml")
        return try PipelineValidator(catalog: catalog).plan(spec)
    }

    @Test("a step runs on the pipeline's executor unless it names its own; without either it runs here")
    func inheritance() throws {
        let plan = try plan(
            "name: demo",
            "executor: { kind: slurm, partition: cpu, account: ml }",
            "steps:",
            "  a: { uses: noop }",
            "  b:",
            "    uses: noop",
            "    executor: { kind: slurm, partition: gpu }",
            "    resources: { cpus: 8, memory: 32G, gpus: 1, time: 1h30m }",
            "  c: { uses: noop, executor: local }")
        let steps = Dictionary(uniqueKeysWithValues: plan.steps.map { ($0.name, $0) })
        #expect(steps["a"]?.executor == ExecutorSpec(kind: .slurm, partition: "cpu", account: "ml"))
        #expect(steps["b"]?.executor == ExecutorSpec(kind: .slurm, partition: "gpu"))
        #expect(steps["b"]?.resources == ResourceSpec(cpus: 8, memoryMegabytes: 32 * 1024, gpus: 1, timeSeconds: 5400))
        #expect(steps["c"]?.executor == .local)
        #expect(try self.plan("name: d", "steps:", "  a: { uses: noop }").steps[0].executor == .local)
    }

    @Test("memory is read in megabytes, gigabytes or terabytes; a plain number is megabytes")
    func memory() throws {
        for (written, megabytes) in [("512M", 512), ("16G", 16384), ("1T", 1 << 20), ("2048", 2048), ("4GB", 4096)] {
            let plan = try plan("name: d", "steps:", "  a: { uses: noop, resources: { memory: \(written) } }")
            #expect(plan.steps[0].resources?.memoryMegabytes == megabytes, "\(written)")
        }
    }

    @Test("where a step runs does not change its cache key")
    func notKeyed() throws {
        let here = try plan("name: d", "steps:", "  a: { uses: noop }")
        let there = try plan(
            "name: d", "steps:", "  a: { uses: noop, executor: { kind: slurm }, resources: { cpus: 2 } }")
        #expect(here.steps[0].parameters == there.steps[0].parameters)
    }

    @Test("each mistake is reported at its line and column, naming the field")
    func errors() {
        let found = diagnostics(
            of: [
                "name: demo",
                "executor: { kind: slurn }",
                "steps:",
                "  a:",
                "    uses: noop",
                "    executor: { kind: slurm, partiton: gpu }",
                "    resources: { cpus: 0, memory: lots, time: soon, gpu: 1 }",
                "  b:",
                "    uses: noop",
                "    executor: { partition: gpu }",
                "  c:",
                "    uses: noop",
                "    executor: { kind: slurm, account: 'ml; rm -rf /' }",
            ])
        let messages = found.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.message)" }
        #expect(messages.contains("2:19 'executor.kind' of the pipeline: unknown kind 'slurn'"))
        #expect(found.first { $0.message.contains("slurn") }?.hint == "did you mean 'slurm'?")
        #expect(messages.contains("6:30 unknown key 'partiton' in 'executor' of step 'a'"))
        #expect(messages.contains("7:24 'resources.cpus' of step 'a' must be a whole number from 1"))
        #expect(messages.contains("7:35 'resources.memory' of step 'a' is not an amount of memory"))
        #expect(messages.contains("7:47 'resources.time' of step 'a' is not a duration from 1s to a year"))
        #expect(messages.contains("7:53 unknown key 'gpu' in 'resources' of step 'a'"))
        #expect(messages.contains("10:15 'executor' of step 'b' has no 'kind'"))
        #expect(
            messages.contains(
                "13:39 'executor.account' of step 'c' must be one word of letters, digits, '-', '_' or '.', got 'ml; rm -rf /'"))
        #expect(found.count == 8)
    }
}
