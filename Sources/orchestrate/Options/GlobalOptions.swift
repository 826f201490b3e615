import ArgumentParser
import ArtifactStore
import Foundation
import ObjectStorage

/// The options every command takes: where the store is, whether to print JSON, and how much to say.
///
/// Pulled into each command with `@OptionGroup`, so `--store`, `--json`, `--verbose` and `--quiet` mean
/// the same everywhere. A command without a JSON form refuses `--json` rather than print text a script
/// would fail to parse.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store folder (default: $ORCHESTRATE_STORE or ./runs).", valueName: "dir"))
    var store: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Keep artifact content in an S3-compatible bucket too (default: $ORCHESTRATE_BLOBS; endpoint "
                + "$ORCHESTRATE_S3_ENDPOINT, credentials $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY).",
            valueName: "s3://bucket/prefix"))
    var blobs: String?

    @Flag(name: .long, help: "Print JSON instead of text (format: docs/cli-json.md).")
    var json = false

    @Flag(name: .shortAndLong, help: "Say more: every step's progress messages, and the details behind an error.")
    var verbose = false

    @Flag(name: .shortAndLong, help: "Say less: no progress lines or notes, only results and errors.")
    var quiet = false

    func validate() throws {
        if verbose && quiet { throw ValidationError("--verbose and --quiet do not go together: choose one") }
    }

    var verbosity: Verbosity { verbose ? .verbose : quiet ? .quiet : .normal }

    /// `--store`, else `ORCHESTRATE_STORE`, else `runs`.
    var storePath: String {
        store ?? ProcessInfo.processInfo.environment["ORCHESTRATE_STORE"].flatMap { $0.isEmpty ? nil : $0 } ?? "runs"
    }

    /// Whether a store exists at `storePath`.
    var storeExists: Bool {
        FileManager.default.fileExists(atPath: URL(fileURLWithPath: storePath).appendingPathComponent("orchestrate.sqlite").path)
    }

    /// Opens the store; commands that only read refuse to create one by accident.
    func openStore(create: Bool = false) throws -> Store {
        if !create, !storeExists {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: storePath, isDirectory: &isFolder)
            throw CLIFailure(
                message: exists && !isFolder.boolValue
                    ? "the store \(storePath) is a file, not a folder" : "no store at \(storePath)/",
                hint: store != nil
                    ? "--store names the folder a run created (the default is ./runs)"
                    : "run a pipeline first, or point --store or ORCHESTRATE_STORE at a store folder")
        }
        guard let address = blobs ?? ProcessInfo.processInfo.environment["ORCHESTRATE_BLOBS"].flatMap({ $0.isEmpty ? nil : $0 })
        else { return try Store(root: URL(fileURLWithPath: storePath)) }
        let location: S3Location
        do {
            location = try S3Location(address)
        } catch let error as ObjectStorageError {
            throw CLIFailure(message: "--blobs: \(error.description)", hint: nil)
        }
        return try Store(root: URL(fileURLWithPath: storePath)) { S3BlobStorage(local: $0, location: location) }
    }

    /// For commands whose output has no JSON form: `--json` is refused, naming the command and why.
    func refuseJSON(_ reason: String) throws {
        if json { throw ValidationError("--json is not available here: \(reason)") }
    }
}

/// How much a command prints besides its result.
enum Verbosity: Sendable {
    case quiet, normal, verbose
}
