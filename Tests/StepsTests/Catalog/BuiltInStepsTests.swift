import ArtifactStore
import Orchestrator
import Steps
import Testing

@Suite("BuiltInSteps")
struct BuiltInStepsTests {
    static let working = [
        "chunk", "clean", "command", "crawl", "deploy", "dpo", "embed", "evaluate", "generate-instruct-dataset",
        "generate-preference-dataset", "import", "index", "noop", "promote", "sft",
    ]

    @Test("the catalog lists only the step types that work")
    func types() {
        #expect(BuiltInSteps.catalog.types == Self.working)
        #expect(BuiltInSteps.catalog.descriptors.map(\.type) == Self.working)
        #expect(BuiltInSteps.catalog.step("serve") == nil)
    }

    @Test("crawl is a source step that needs an author and takes links from a file or a list")
    func crawlDescriptor() throws {
        let descriptor = try #require(BuiltInSteps.catalog.step("crawl")).descriptor
        #expect(descriptor.isSource)
        #expect(descriptor.parameter("author")?.isRequired == true)
        #expect(descriptor.parameter("links")?.isRequired == false)
        #expect(descriptor.parameter("per_host_delay")?.defaultValue == 1)
        #expect(descriptor.outputs.map(\.type) == ["documents"])
    }

    @Test("crawl fails below min_documents or above max_failure_ratio, a behaviour of its version 2")
    func crawlThresholds() throws {
        let descriptor = try #require(BuiltInSteps.catalog.step("crawl")).descriptor
        #expect(descriptor.version == 2)
        #expect(descriptor.parameter("min_documents")?.defaultValue == 1)
        #expect(descriptor.parameter("max_failure_ratio")?.defaultValue == 0.5)
        #expect(descriptor.parameter("max_failure_ratio")?.kind == .number)
    }

    @Test("command takes a script, any inputs and declared outputs, with shell and env parameters")
    func commandDescriptor() throws {
        let descriptor = try #require(BuiltInSteps.catalog.step("command")).descriptor
        #expect(descriptor.version == 1)
        #expect(descriptor.takesRun && descriptor.acceptsAnyInputs && descriptor.declaresOutputs)
        #expect(!descriptor.isSource)
        #expect(descriptor.parameters.map(\.name) == ["shell", "env"])
        #expect(descriptor.parameter("shell")?.defaultValue == "/bin/sh")
        #expect(descriptor.parameter("shell")?.kind == .string)
        #expect(descriptor.parameter("env")?.defaultValue == .object([:]))
        #expect(descriptor.parameter("env")?.kind == .map)
        #expect(descriptor.parameters.allSatisfy { !$0.isRequired })
        #expect(descriptor.inputs.isEmpty && descriptor.outputs.isEmpty)
    }
}
