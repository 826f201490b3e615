import ArtifactStore
import Foundation

/// What one invocation produced, as plain data: each output either as a path still to be stored (the
/// local executor's, on this machine) or as content already published to the blob storage by digest
/// (`step-exec`'s, from any machine), its metadata, and the documents it published for the warehouse.
public struct StepOutcome: Codable, Sendable, Equatable {
    public static let currentFormat = 1

    public var format: Int = Self.currentFormat
    public var outputs: [String: Output]
    /// Step-level metadata (links that failed without failing the batch, counts).
    public var metadata: [String: JSONValue]
    /// A JSON Lines file of `{output, document}` rows for the warehouse; nil when the step published none
    /// or published them in process.
    public var documents: String?
    /// Why the step failed, in its own words; nil when it succeeded.
    public var failure: String?

    public init(
        outputs: [String: Output] = [:], metadata: [String: JSONValue] = [:], documents: String? = nil,
        failure: String? = nil
    ) {
        self.outputs = outputs
        self.metadata = metadata
        self.documents = documents
        self.failure = failure
    }

    public struct Output: Codable, Sendable, Equatable {
        /// Where the output was written, when it is not yet stored.
        public var path: String?
        /// Its content, when it is already in the blob storage.
        public var content: PublishedContent?
        public var metadata: [String: JSONValue]

        public init(path: String? = nil, content: PublishedContent? = nil, metadata: [String: JSONValue] = [:]) {
            self.path = path
            self.content = content
            self.metadata = metadata
        }
    }

    /// A stored blob's identity.
    public struct PublishedContent: Codable, Sendable, Equatable {
        public var kind: ContentHash.Kind
        public var sha256: String
        public var size: Int64

        public init(_ hash: ContentHash) {
            kind = hash.kind
            sha256 = hash.sha256
            size = hash.size
        }

        public var hash: ContentHash { ContentHash(kind: kind, sha256: sha256, size: size) }
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads the outcome `step-exec` left at `url`.
    public static func read(_ url: URL) throws -> StepOutcome {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw StepFailure("the step left no outcome at \(url.path)")
        }
        let outcome: StepOutcome
        do {
            outcome = try JSONDecoder().decode(StepOutcome.self, from: data)
        } catch {
            throw StepFailure("\(url.path): not a step outcome (\(InvocationCoding.describe(error)))")
        }
        guard outcome.format == currentFormat else {
            throw StepFailure(
                "\(url.path): outcome format \(outcome.format), but this orchestrate reads format \(currentFormat); run the same version of orchestrate on both machines"
            )
        }
        return outcome
    }

    /// Writes the outcome whole or not at all: a reader never sees half of one.
    public func write(to url: URL) throws {
        let partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        try encoded().write(to: partial)
        guard rename(partial.path, url.path) == 0 else {
            throw StepFailure("cannot write the outcome at \(url.path): \(String(cString: strerror(errno)))")
        }
    }
}
