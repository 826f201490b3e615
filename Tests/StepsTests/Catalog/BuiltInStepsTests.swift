import ArtifactStore
import Orchestrator
import Steps
import Testing

@Suite("BuiltInSteps")
struct BuiltInStepsTests {
    @Test("the catalog lists only the step types that work: chunk, clean, command, crawl, embed, import, index and noop")
    func types() {
        #expect(BuiltInSteps.catalog.types == ["chunk", "clean", "command", "crawl", "embed", "import", "index", "noop"])
        #expect(BuiltInSteps.catalog.descriptors.map(\.type) == ["chunk", "clean", "command", "crawl", "embed", "import", "index", "noop"])
        #expect(BuiltInSteps.catalog.step("generate-instruct-dataset") == nil)
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
