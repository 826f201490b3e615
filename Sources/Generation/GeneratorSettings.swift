import Foundation

/// Which text generator a step or a command uses: the in-process `native` backend with a local model,
/// or an `openai`-compatible server.
public struct GeneratorSettings: Sendable, Equatable {
    public enum Backend: String, Sendable, CaseIterable {
        case native, openai
    }

    /// The model every pipeline and `orchestrate generate` use unless told otherwise: SmolLM2-135M-Instruct
    /// in GGUF, which `scripts/setup` fetches.
    public static let defaultNativeModel = "models/SmolLM2-135M-Instruct.Q4_1.gguf"

    public var backend: Backend
    /// For `native`, a `.gguf` file or a Hugging Face model folder (relative to the project folder or
    /// absolute); for `openai`, the model name the server knows.
    public var model: String
    /// For `native`, a PEFT adapter folder merged into the model when it is loaded (absolute, or relative to
    /// the project folder); nil for the model as it is.
    public var adapter: String?
    /// The server of the `openai` backend, up to `/v1`.
    public var baseURL: URL?
    /// The environment variable holding the server's API key; the key itself is never written anywhere.
    public var apiKeyVariable: String?
    /// How many requests may be in flight at once. The native backend computes one answer at a time.
    public var concurrency: Int
    /// What the server's model name stands for, for the cache key: a server may swap the weights behind
    /// one name, so pin a revision (a date, a digest) to re-run when they change.
    public var revision: String?
    /// US dollars per million prompt and completion tokens, for the cost estimate.
    public var promptPrice: Double?
    public var completionPrice: Double?
    public var timeout: Double
    public var retries: Int

    public init(
        backend: Backend = .native, model: String = Self.defaultNativeModel, adapter: String? = nil, baseURL: URL? = nil,
        apiKeyVariable: String? = nil, concurrency: Int? = nil, revision: String? = nil, promptPrice: Double? = nil,
        completionPrice: Double? = nil, timeout: Double = 120, retries: Int = 3
    ) {
        self.backend = backend
        self.model = model
        self.adapter = adapter
        self.baseURL = baseURL
        self.apiKeyVariable = apiKeyVariable
        self.concurrency = concurrency ?? (backend == .native ? 1 : 4)
        self.revision = revision
        self.promptPrice = promptPrice
        self.completionPrice = completionPrice
        self.timeout = timeout
        self.retries = retries
    }

    /// Where a native model lives: `model` as written when absolute, else inside `projectDirectory`.
    public func modelURL(in projectDirectory: URL) -> URL {
        Self.url(model, in: projectDirectory)
    }

    /// Where the adapter lives, as `modelURL` resolves the model.
    public func adapterURL(in projectDirectory: URL) -> URL? {
        adapter.map { Self.url($0, in: projectDirectory) }
    }

    private static func url(_ path: String, in projectDirectory: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : projectDirectory.appendingPathComponent(path)
    }
}
