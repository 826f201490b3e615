import ArgumentParser
import ArtifactStore
import Foundation
import Orchestrator

struct ArtifactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifacts", abstract: "List, show, export and verify stored artifacts.",
        discussion: "An artifact is named by id prefix, name, name@VERSION, pipeline/name@latest or sha256:PREFIX.",
        subcommands: [List.self, Show.self, Export.self, Verify.self], defaultSubcommand: List.self)

    struct List: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "List artifacts, newest first.")

        @Option(name: .long, help: "Only artifacts of this pipeline.")
        var pipeline: String?

        @Option(name: .long, help: "Only artifacts with this name (step.output, or just output).")
        var name: String?

        @Option(name: .long, help: "How many to list.")
        var limit = 50

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            let artifacts = try store.listArtifacts(pipeline: pipeline, name: name, limit: limit)
            if global.json {
                Terminal.print(JSONText.pretty(.array(artifacts.map { ArtifactJSON.object($0) })))
                return
            }
            if artifacts.isEmpty {
                Terminal.print("no artifacts" + (pipeline.map { " of pipeline '\($0)'" } ?? "") + " in \(global.storePath)/")
                return
            }
            var table = Table("ID", "ARTIFACT", "TYPE", "SIZE", "SHA256", "CREATED")
            for artifact in artifacts {
                table.add(
                    Identifier.short(artifact.id), artifact.qualifiedName, artifact.type, ByteCount.format(artifact.size),
                    String(artifact.sha256.prefix(12)), Timestamp.local(artifact.createdAt))
            }
            Terminal.print(table.render())
        }
    }

    struct Show: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Show an artifact: content hash, metadata, where it came from.")

        @Argument(help: ArgumentHelp("The artifact.", valueName: "ref"))
        var reference: String

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            let artifact = try store.resolveArtifact(reference)
            let producer = try artifact.producerStepRunId.flatMap { try store.stepRun(id: $0) }
            let path = store.blobs.location(ofSHA256: artifact.sha256).path
            if global.json {
                var extra: [String: JSONValue] = ["path": .string(path)]
                if let producer {
                    extra["producer"] = [
                        "run": .string(producer.runId), "step": .string(producer.step), "type": .string(producer.stepType),
                    ]
                }
                Terminal.print(JSONText.pretty(ArtifactJSON.object(artifact, extra: extra)))
                return
            }
            var lines = [
                "artifact  \(artifact.qualifiedName)",
                "id        \(artifact.id)",
                "type      \(artifact.type) (\(artifact.kind.rawValue))",
                "sha256    \(artifact.sha256)",
                "size      \(ByteCount.format(artifact.size))",
                "created   \(Timestamp.local(artifact.createdAt))",
                "path      \(path)",
            ]
            if let producer {
                lines.append("made by   step \(producer.step) (\(producer.stepType)) in run \(Identifier.short(producer.runId))")
            }
            let metadata = artifact.metadataValue
            if metadata.objectValue?.isEmpty == false {
                lines.append("metadata  " + JSONText.pretty(metadata).replacingOccurrences(of: "\n", with: "\n          "))
            }
            Terminal.print(lines.joined(separator: "\n"))
        }
    }

    struct Export: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Copy an artifact's content out of the store.")

        @Argument(help: ArgumentHelp("The artifact.", valueName: "ref"))
        var reference: String

        @Argument(
            help: ArgumentHelp("Where to write it; an existing folder receives it under the artifact's name.", valueName: "dest"))
        var destination: String

        @Flag(name: .long, help: "Replace what is already at the destination.")
        var force = false

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            let artifact = try store.resolveArtifact(reference)
            let source = store.blobs.location(ofSHA256: artifact.sha256)
            guard FileManager.default.fileExists(atPath: source.path) else {
                throw CLIFailure(
                    message: "the content of \(artifact.qualifiedName) is missing from the store",
                    hint: "`orchestrate artifacts verify` checks every stored artifact", code: ExitStatus.failed)
            }
            var target = URL(fileURLWithPath: destination)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder), isFolder.boolValue {
                target = target.appendingPathComponent(artifact.name)
            }
            if FileManager.default.fileExists(atPath: target.path) {
                guard force else {
                    throw CLIFailure(message: "\(target.path) already exists", hint: "--force replaces it")
                }
                try FileSystem.removeTree(target)
            }
            try FileSystem.copy(source, to: target)
            if global.json {
                Terminal.print(
                    JSONText.pretty(ArtifactJSON.object(artifact, extra: ["exported_to": .string(target.path)])))
                return
            }
            Terminal.print("exported \(artifact.qualifiedName) to \(target.path)")
        }
    }

    struct Verify: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(
            abstract: "Re-hash every stored artifact and report any whose content is missing or changed.",
            discussion: "Exit 0 when everything matches, 1 otherwise.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            let result = try StoreVerifier(store: store).verify()
            if global.json {
                Terminal.print(
                    JSONText.pretty([
                        "checked": .int(result.checked), "ok": .bool(result.problems.isEmpty),
                        "problems": .array(
                            result.problems.map {
                                [
                                    "sha256": .string($0.sha256), "problem": .string($0.problem),
                                    "artifacts": .array($0.artifacts.map { .string($0) }),
                                ]
                            }),
                    ]))
            } else {
                for problem in result.problems {
                    Terminal.print(
                        "\(Terminal.paint("✗", .red)) sha256:\(problem.sha256.prefix(12)) \(problem.problem): \(problem.artifacts.joined(separator: ", "))"
                    )
                }
                Terminal.print(
                    result.problems.isEmpty
                        ? "\(Terminal.paint("✓", .green)) verified \(result.checked) blob\(result.checked == 1 ? "" : "s"): all content matches its hash"
                        : "\(result.problems.count) of \(result.checked) blobs are missing or corrupt")
            }
            if !result.problems.isEmpty { throw ExitCode(ExitStatus.failed) }
        }
    }
}
