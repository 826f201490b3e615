import Foundation
import Testing

/// `orchestrate step-exec`: one invocation run by the binary, and what it says about a bad file.
@Suite("step-exec")
struct StepExecTests {
    @Test("a missing or unreadable invocation is refused naming the file; a good one publishes and says so")
    func invocationFiles() throws {
        let project = try TestProject()
        let missing = try project.run("step-exec", "nowhere.json")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nowhere.json: no such invocation file"))

        try project.write("bad.json", #"{"format": 1, "step": 3}"#)
        let bad = try project.run("step-exec", "bad.json")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.json: field"), "\(bad.stderr)")

        try project.write("newer.json", #"{"format": 9}"#)
        let newer = try project.run("step-exec", "newer.json")
        #expect(newer.stderr.contains("invocation format 9, but this orchestrate reads format 1"), "\(newer.stderr)")

        let root = project.root.path
        try project.write(
            "work/invocation.json",
            """
            {"format": 1, "run_id": "r", "pipeline": "p", "step": "hello", "attempt": 1, "type": "command", "version": 1,
             "parameters": {"shell": "/bin/sh", "env": {}}, "script": "echo hi > \\"$OUTPUT_o\\"", "inputs": {},
             "outputs": [{"name": "o", "type": "file"}], "scratch": "\(root)/work", "project_directory": "\(root)",
             "log": "\(root)/hello.log", "blobs": "\(root)/blobs", "executor": {"kind": "slurm"}}
            """)
        let ran = try project.run("step-exec", "work/invocation.json")
        #expect(ran.status == 0, "\(ran.stderr)")
        #expect(ran.stdout.contains("step 'hello' published 1 outputs to \(root)/blobs"))
        let outcome = try project.read("work/outcome.json")
        #expect(outcome.contains("\"sha256\""))
        let again = try project.json("step-exec", "work/invocation.json") as? [String: Any]
        #expect((again?["outputs"] as? [String: Any])?["o"] != nil)
    }
}
