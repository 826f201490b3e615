import ArgumentParser
import ArtifactStore
import Orchestrator

struct GCCommand: ParsableCommand, UsesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "gc", abstract: "Remove blobs no artifact references, and leftovers of finished runs.",
        discussion: "Blobs stored less than --min-age ago are kept: a run in another process may be about to reference them.")

    @Option(name: .long, help: ArgumentHelp("Keep unreferenced blobs younger than this (e.g. 0s, 10m).", valueName: "duration"))
    var minAge = "10m"

    @Flag(name: .long, help: "Only report what would be removed.")
    var dryRun = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        guard let age = DurationParser.seconds(minAge) else {
            throw CLIFailure(message: "--min-age '\(minAge)' is not a duration", hint: "write it like 0s, 10m or 1h")
        }
        let store = try global.openStore()
        let result = try GarbageCollector(store: store).collect(minimumAge: age, dryRun: dryRun)
        if global.json {
            Terminal.print(
                JSONText.pretty([
                    "removed_blobs": .int(result.removedBlobs), "freed_bytes": .int(Int(result.freedBytes)),
                    "kept_recent": .int(result.keptRecent), "removed_work_folders": .int(result.removedWorkFolders),
                    "dry_run": .bool(dryRun),
                ]))
            return
        }
        let verb = dryRun ? "would remove" : "removed"
        var line =
            "\(verb) \(result.removedBlobs) unreferenced blob\(result.removedBlobs == 1 ? "" : "s") (\(ByteCount.format(result.freedBytes)))"
        if result.removedWorkFolders > 0 {
            line += " and \(result.removedWorkFolders) leftover working folder\(result.removedWorkFolders == 1 ? "" : "s")"
        }
        if result.keptRecent > 0 { line += "; kept \(result.keptRecent) newer than \(minAge)" }
        Terminal.print(line)
    }
}
