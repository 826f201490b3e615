import ArgumentParser
import ArtifactStore
import Foundation
import ObjectStorage
import Orchestrator
import Steps

/// Runs one step invocation written by an executor (the Slurm executor's jobs run this on their node).
struct StepExecCommand: AsyncParsableCommand, UsesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "step-exec", abstract: "Run one step invocation (a JSON file an executor wrote) on this machine.",
        discussion: """
            Reads the inputs from the blob storage the invocation names, runs the step, publishes its outputs \
            there by content hash and writes outcome.json beside the invocation. Running the same invocation \
            again publishes the same blobs. Exits 0 when the step succeeded, 1 when it failed (the outcome says why). \
            --blobs replaces the invocation's blob storage; --store is not read, since the invocation names every \
            path; --json prints the outcome.
            """)

    @Argument(help: ArgumentHelp("The invocation file.", valueName: "INVOCATION.json"))
    var invocation: String

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: invocation) else {
            throw CLIFailure(
                message: "\(invocation): no such invocation file",
                hint: "executors write it as invocation.json in the attempt's working folder")
        }
        let parsed: StepInvocation
        do {
            parsed = try StepInvocation.decode(data, from: invocation)
        } catch let failure as StepFailure {
            throw CLIFailure(message: failure.message)
        }
        let storage = try Self.blobStorage(global.blobs ?? parsed.blobs)
        let outcome = try await InvocationRunner(catalog: BuiltInSteps.catalog, blobs: storage).run(parsed)
        do {
            try outcome.write(to: parsed.outcomeURL)
        } catch {
            throw CLIFailure(message: "cannot write \(parsed.outcomeURL.path): \(error)", code: ExitStatus.failed)
        }
        if global.json { Terminal.print(String(decoding: try outcome.encoded(), as: UTF8.self)) }
        if let failure = outcome.failure {
            FileHandle.standardError.write(Data("error: step '\(parsed.step)' failed: \(failure)\n".utf8))
            throw ExitCode(ExitStatus.failed)
        }
        if !global.json, global.verbosity != .quiet {
            Terminal.print("step '\(parsed.step)' published \(outcome.outputs.count) outputs to \(storage.address)")
        }
    }

    /// A blob folder by its path, or an S3 bucket with a working copy on this machine's temporary folder.
    static func blobStorage(_ address: String) throws -> any BlobStorage {
        do {
            guard address.hasPrefix("s3://") else {
                return try LocalBlobStorage(root: URL(fileURLWithPath: address))
            }
            let location = try S3Location(address)
            let cache = FileManager.default.temporaryDirectory.appendingPathComponent("orchestrate-blobs")
            return S3BlobStorage(local: try LocalBlobStorage(root: cache), location: location)
        } catch let error as ObjectStorageError {
            throw CLIFailure(message: "blobs \(address): \(error.description)")
        } catch {
            throw CLIFailure(message: "blobs \(address): cannot open the blob folder (\(error))")
        }
    }
}
