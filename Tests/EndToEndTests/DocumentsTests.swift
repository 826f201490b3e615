import Foundation
import Testing

/// `import` publishes documents to the store's warehouse; `documents list` reads them back.
@Suite("documents")
struct DocumentsTests {
    static let handbook = CLI.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/handbook/warehouse")

    @Test("a pipeline importing the handbook warehouse fills the warehouse; documents list filters by author and kind")
    func importAndList() throws {
        let project = try TestProject()
        try project.write(
            "p.yaml",
            """
            name: docs
            steps:
              import: { uses: import, with: { path: "\(Self.handbook.path)" } }
            """)
        let run = try project.run("run", "p.yaml")
        #expect(run.status == 0, "\(run.stderr)")

        let all = try #require(try project.json("documents", "list") as? [[String: Any]])
        #expect(all.count == 76)
        let paul = try #require(try project.json("documents", "list", "--author", "Paul Iusztin") as? [[String: Any]])
        #expect(!paul.isEmpty && paul.count < 76)
        #expect(paul.allSatisfy { $0["author"] as? String == "Paul Iusztin" })
        let maxime = try #require(try project.json("documents", "list", "--author", "maxime labonne") as? [[String: Any]])
        #expect(paul.count + maxime.count == 76)

        let text = try project.run("documents", "list", "--author", "Paul Iusztin", "--kind", "article", "--limit", "2")
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("ID") == true)
        #expect(lines.first?.contains("CHARACTERS") == true)
        #expect(lines.dropFirst().allSatisfy { $0.contains(" article ") && $0.contains(" Paul Iusztin ") })

        let none = try project.run("documents", "list", "--author", "Nobody")
        #expect(none.stdout == "no documents by 'Nobody' in runs/ (a crawl or import step publishes them)\n")
    }

    @Test("running the same import again leaves the warehouse unchanged; without a store it says so")
    func rerunAndNoStore() throws {
        let project = try TestProject()
        let missing = try project.run("documents", "list")
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no store at runs/"))
        try project.write(
            "p.yaml",
            """
            name: docs
            steps:
              import: { uses: import, with: { path: "\(Self.handbook.path)" } }
            """)
        #expect(try project.run("run", "p.yaml").status == 0)
        let first = try project.json("documents", "list", "--limit", "500") as? [[String: Any]]
        #expect(try project.run("run", "p.yaml", "--no-cache").status == 0)
        let second = try project.json("documents", "list", "--limit", "500") as? [[String: Any]]
        #expect(first?.count == 76)
        #expect(first?.map { $0["source_artifact_id"] as? String } == second?.map { $0["source_artifact_id"] as? String })
    }
}
