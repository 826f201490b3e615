import Foundation
import Orchestrator
import Testing

@Suite("ProjectDirectory")
struct ProjectDirectoryTests {
    @Test("a file in a pipelines folder belongs to the folder above it")
    func pipelinesFolder() {
        #expect(ProjectDirectory.of(pipelineFile: "/home/me/twin/pipelines/feature.yaml").path == "/home/me/twin")
    }

    @Test("any other file belongs to its own folder")
    func ownFolder() {
        #expect(ProjectDirectory.of(pipelineFile: "/home/me/twin/flows/feature.yaml").path == "/home/me/twin/flows")
        #expect(ProjectDirectory.of(pipelineFile: "/tmp/p.yaml").path == "/tmp")
    }
}
