import Foundation
import Testing

@testable import Orchestrator

/// What a failed step's record says when the step threw something other than a `StepFailure`.
@Suite("step error descriptions")
struct StepErrorDescriptionTests {
    @Test("a Foundation file error reads as its sentence and the file, not as a dump of its user info")
    func foundationError() {
        let error = CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: "/data/links.txt"])
        let text = describe(error)
        #expect(text.hasPrefix("/data/links.txt: "))
        #expect(!text.contains("Domain="))
        #expect(!text.contains("UserInfo"))
    }

    @Test("a POSIX error reads as its sentence")
    func posixError() {
        #expect(describe(POSIXError(.EACCES)) == (POSIXError(.EACCES) as NSError).localizedDescription)
    }

    @Test("a step's own failure keeps its message")
    func stepFailure() {
        #expect(describe(StepFailure("no links given")) == "no links given")
    }
}
