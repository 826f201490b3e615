import Foundation
import Networking
import Orchestrator

/// A repository as one document: a shallow clone (`git clone --depth 1`) into a temporary folder,
/// its text files read with their paths, the clone removed.
struct GitRepositoryCrawler {
    var files: RepositoryFiles
    var timeout: Double

    /// A working tree with `.git`, or a bare repository (HEAD, objects and refs at its top).
    static func isRepository(_ folder: URL) -> Bool {
        let manager = FileManager.default
        if manager.fileExists(atPath: folder.appendingPathComponent(".git").path) { return true }
        return ["HEAD", "objects", "refs"].allSatisfy { manager.fileExists(atPath: folder.appendingPathComponent($0).path) }
    }

    func crawl(_ url: URL, link: String) async -> CrawlBatch {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("orchestrate-clone-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let checkout = scratch.appendingPathComponent("repository")
            try await clone(url, into: checkout, log: scratch.appendingPathComponent("git.log"))
            let (kept, skipped) = files.read(checkout)
            guard !kept.isEmpty else {
                return CrawlBatch(
                    failures: [LinkFailure(link: link, reason: "the repository has no text files to read")], skippedFiles: skipped
                )
            }
            let name = (url.lastPathComponent as NSString).deletingPathExtension
            let document = CrawledDocument(
                kind: "repository", platform: Platform.of(url), link: link, title: name, content: RepositoryFiles.content(kept))
            return CrawlBatch(documents: [document], skippedFiles: skipped)
        } catch let failure as CrawlFailure {
            return CrawlBatch(failure: LinkFailure(link: link, reason: failure.reason))
        } catch {
            return CrawlBatch(failure: LinkFailure(link: link, reason: "\(error)"))
        }
    }

    private func clone(_ url: URL, into checkout: URL, log: URL) async throws {
        let source = url.isFileURL ? url.absoluteString : url.absoluteString
        var environment = ProcessInfo.processInfo.environment
        // Never wait for a password: a private or missing repository fails at once.
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_ASKPASS"] = "/bin/true"
        environment["SSH_ASKPASS"] = "/bin/true"
        let process = ChildProcess(
            executable: "/usr/bin/env",
            arguments: ["git", "clone", "--depth", "1", "--quiet", "--no-tags", "--single-branch", "--", source, checkout.path],
            environment: environment, workingDirectory: checkout.deletingLastPathComponent(), outputFile: log)
        let outcome = try await withThrowingTaskGroup(of: ChildProcess.Termination?.self) { group in
            group.addTask { try await process.run() }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int64(timeout * 1000)))
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        switch outcome {
        case .exited(0)?:
            return
        case nil:
            throw CrawlFailure("git clone timed out after \(HTTPFetchError.seconds(timeout))")
        case .exited(let code)?:
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            let message = output.split(whereSeparator: \.isNewline).last.map(String.init) ?? "exit status \(code)"
            throw CrawlFailure("git clone failed: \(message)")
        case .signalled(let signal)?:
            throw CrawlFailure("git clone was killed by signal \(signal)")
        }
    }
}
