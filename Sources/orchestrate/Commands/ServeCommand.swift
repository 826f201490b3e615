import ArgumentParser
import Compute
import Foundation
import Generation
import Server

struct ServeCommand: AsyncParsableCommand, UsesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve a native model over an OpenAI-compatible HTTP API.",
        discussion: """
            Answers POST /v1/chat/completions and /v1/completions (streamed as server-sent events with
            "stream": true), POST /v1/embeddings when an embedding model is loaded, GET /v1/models, GET /health
            (503 while the model loads) and GET /metrics (Prometheus); with a store, the dashboard under / as well. One inference loop computes every answer:
            up to --parallel requests are decoded side by side, a token each per turn, --queue more wait, and
            the next one is answered 503 with Retry-After. A client that disconnects frees its place at once.
              orchestrate serve
              orchestrate serve --model ~/models/Qwen2.5-0.5B-Instruct --port 9000
              orchestrate serve --adapter twin.model --model-name twin
              API_KEY=... orchestrate serve --host 0.0.0.0 --api-key-env API_KEY
            Binding to an address other than loopback needs --api-key-env: the server would otherwise answer
            anyone who can reach the machine.
            """)

    @Option(name: .long, help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on.")
    var port = 8080

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A .gguf file, a model folder, or a registered model (twin@production, twin, twin/3) (default \(GeneratorSettings.defaultNativeModel)).",
            valueName: "path-or-ref"))
    var model: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With a registry alias or name as --model: seconds between looks at where it points (0: only on POST /v1/admin/reload).",
            valueName: "seconds"))
    var followInterval: Double = 10

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A LoRA adapter to merge in, a PEFT folder or a model artifact (its base is --model, or model.json's).",
            valueName: "folder-or-ref"))
    var adapter: String?

    @Option(
        name: .long,
        help: ArgumentHelp("The name clients send as 'model' (default: the model's file or folder name).", valueName: "name"))
    var modelName: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A sentence-transformers folder for /v1/embeddings (default \(Self.defaultEmbeddingModel) when it exists).",
            valueName: "dir"))
    var embeddingModel: String?

    @Option(name: .long, help: ArgumentHelp("The environment variable holding the API key clients must send.", valueName: "name"))
    var apiKeyEnv: String?

    @Option(name: .long, help: ArgumentHelp("Requests decoded side by side.", valueName: "n"))
    var parallel = 8

    @Option(name: .long, help: ArgumentHelp("Requests that may wait for a place before the server answers 503.", valueName: "n"))
    var queue = 32

    @OptionGroup var global: GlobalOptions

    static let defaultEmbeddingModel = "models/all-MiniLM-L6-v2"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, got \(port)") }
        guard parallel >= 1 else { throw ValidationError("--parallel must be at least 1") }
        guard queue >= 0 else { throw ValidationError("--queue must be 0 or more") }
        if apiKeyEnv == nil, !ServerConfiguration.isLoopback(host) {
            throw ValidationError(
                "--host \(host) listens beyond this machine: pass --api-key-env with the variable that holds the API key")
        }
    }

    func run() async throws {
        let apiKey = try apiKeyValue()
        if let model, let source = try RegisteredModelSource.find(model, global: global) {
            guard adapter == nil else {
                throw CLIFailure(
                    message: "--model \(model) is a registered model and --adapter names an adapter too",
                    hint: "serve the registered model alone, or give the base with --model and the adapter with --adapter")
            }
            // Resolved once now, so that a reference to nothing fails before the server listens.
            let first = try source.target()
            let encoderFolder = try embeddingFolder()
            let configuration = ServerConfiguration(
                host: host, port: port, modelName: modelName ?? source.reference.model,
                embeddingModelName: encoderFolder?.lastPathComponent, apiKey: apiKey, parallel: parallel,
                queueCapacity: queue)
            let following =
                source.follows
                ? ModelFollowing(interval: followInterval > 0 ? .seconds(followInterval) : nil) { try source.target() }
                : nil
            let server = InferenceServer(configuration: configuration, following: following) {
                let encoder = try encoderFolder.map { try BertEncoder(SentenceTransformerFolder($0)) }
                return ServerModels(model: try first.load(), encoder: encoder, revision: first.revision)
            }
            let what = "\(configuration.modelName) (\(first.revision)\(source.follows ? ", following \(model)" : ""))"
            try await serve(server, describing: what)
            return
        }
        var baseModel = model
        var adapterURL: URL?
        if let adapter {
            let location = try AdapterLocation.resolve(adapter, options: global)
            if baseModel == nil, location.manifest != nil { baseModel = try location.base(nil, option: "--model").path }
            if let warning = location.baseDigestWarning(URL(fileURLWithPath: baseModel ?? GenerateCommand.defaultModel())) {
                Terminal.error("warning: " + warning, plain: true)
            }
            adapterURL = location.folder
        }
        let modelURL = URL(fileURLWithPath: baseModel ?? GenerateCommand.defaultModel())
        guard FileManager.default.fileExists(atPath: modelURL.path) else {
            throw CLIFailure(
                message: "no model at \(modelURL.path)",
                hint: model == nil
                    ? "run ./scripts/setup to fetch SmolLM2-135M-Instruct, or pass --model with a .gguf file or model folder"
                    : model?.contains("@") == true
                        ? "--model takes a .gguf file, a model folder, or a model registered in the store (\(global.storePath)/ has none by that name; --store names another)"
                        : "--model takes a .gguf file or a Hugging Face model folder")
        }
        let encoderFolder = try embeddingFolder()
        let name = modelName ?? Self.name(of: modelURL, adapter: adapterURL)
        let configuration = ServerConfiguration(
            host: host, port: port, modelName: name, embeddingModelName: encoderFolder?.lastPathComponent,
            apiKey: apiKey, parallel: parallel, queueCapacity: queue)
        let adapterFolder = adapterURL
        let server = InferenceServer(configuration: configuration) {
            let model: LanguageModel
            do {
                model =
                    try adapterFolder.map { try LanguageModel(contentsOf: modelURL, adapter: $0) }
                    ?? LanguageModel(contentsOf: modelURL)
            } catch {
                throw CLIFailure(message: "cannot load the model at \(modelURL.path): \(error)", code: ExitStatus.failed)
            }
            let encoder = try encoderFolder.map { try BertEncoder(SentenceTransformerFolder($0)) }
            return ServerModels(model: model, encoder: encoder)
        }
        try await serve(server, describing: name)
    }

    private func apiKeyValue() throws -> String? {
        guard let apiKeyEnv else { return nil }
        guard let key = ProcessInfo.processInfo.environment[apiKeyEnv], !key.isEmpty else {
            throw CLIFailure(
                message: "environment variable \(apiKeyEnv) is not set", hint: "it must hold the API key clients send")
        }
        return key
    }

    private func serve(_ server: InferenceServer, describing name: String) async throws {
        var server = server
        server.extraRoutes = try dashboardRoutes(apiKey: server.configuration.apiKey)
        server.retriever = StoreRetriever.find(global)
        let host = self.host
        let port = self.port
        let quiet = global.json
        do {
            try await server.run(handleSignals: true) { port in
                if !quiet {
                    Terminal.error("serving \(name) on http://\(host):\(port)/v1 (loading the model)", plain: true)
                }
            }
        } catch let error as CLIFailure {
            throw error
        } catch {
            throw CLIFailure(message: "cannot serve on \(host):\(port): \(error)", code: ExitStatus.failed)
        }
    }

    /// `--embedding-model`, or the default folder when it exists; an explicit folder must exist.
    private func embeddingFolder() throws -> URL? {
        guard let embeddingModel else {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: Self.defaultEmbeddingModel, isDirectory: &isFolder)
            return exists && isFolder.boolValue ? URL(fileURLWithPath: Self.defaultEmbeddingModel) : nil
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: embeddingModel, isDirectory: &isFolder), isFolder.boolValue else {
            throw CLIFailure(
                message: "no model folder at \(embeddingModel)", hint: "--embedding-model takes a sentence-transformers folder")
        }
        return URL(fileURLWithPath: embeddingModel)
    }

    /// The model's file name without `.gguf`, or its folder's name, followed by the adapter's folder name.
    static func name(of model: URL, adapter: URL?) -> String {
        let base =
            model.pathExtension.lowercased() == "gguf" ? model.deletingPathExtension().lastPathComponent : model.lastPathComponent
        return adapter.map { base + "+" + $0.lastPathComponent } ?? base
    }
}
