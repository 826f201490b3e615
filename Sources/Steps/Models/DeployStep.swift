import ArtifactStore
import Foundation
import Networking
import Orchestrator

/// Deploys what a pipeline trained: points `production` (or another alias) of the registered model at
/// its input's version, as `promote` does and behind the same gate, then asks each running server in
/// `servers` to switch (`POST /v1/admin/reload`) and checks that it now serves that version. A server
/// started with `--model twin@production` also follows the alias by itself; naming it here makes the
/// switch happen now and the run fail when a server did not take it. Never cached: the alias and the
/// servers may have moved since.
public struct DeployStep: Step {
    public init() {}

    public var descriptor: StepDescriptor {
        StepDescriptor(
            type: "deploy", version: 1,
            summary:
                "Promotes its input model's version to an alias (production by default) and switches running servers to it.",
            parameters: PromoteStep.promotionParameters(
                alias: ParameterDescriptor("alias", .string, default: "production", "The alias servers follow."))
                + [
                    ParameterDescriptor(
                        "servers", .list, default: [],
                        "Base URLs of running `orchestrate serve` processes to switch now (http://127.0.0.1:8080)."),
                    ParameterDescriptor(
                        "api_key_env", .string, default: "",
                        "The environment variable holding the servers' API key, when they need one."),
                    ParameterDescriptor(
                        "timeout", .duration, default: 600, "How long a server may take to load the new version."),
                ],
            inputs: [
                PortDescriptor("model", type: "model", "A model artifact, registered when its step published it."),
                PortDescriptor(
                    "index", type: "index", "The index the deployment answers from, recorded with it.", optional: true),
            ])
    }

    public func checkParameters(_ parameters: StepParameters) throws {
        try PromoteStep().checkParameters(parameters)
        for url in try Self.servers(parameters) {
            guard let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
                throw StepFailure("parameter 'servers': '\(url.absoluteString)' is not an http or https URL")
            }
        }
    }

    public func cacheLifetime(_ parameters: StepParameters) throws -> Double? { 0 }

    public func run(_ context: StepContext) async throws -> StepResult {
        let parameters = context.parameters
        let servers = try Self.servers(parameters)
        let headers = try Self.headers(parameters)
        let (version, promotion) = try PromoteStep.promote(context)
        var metadata = promotion
        metadata["revision"] = .string(version.reference)
        if let index = context.inputs["index"] {
            metadata["index"] = .string("\(index.name)@\(index.version)")
            metadata["index_sha256"] = .string(index.sha256)
        }
        var switched: [JSONValue] = []
        let limits = HTTPLimits(timeout: try parameters.double("timeout"), maxBytes: 1_000_000, userAgent: "orchestrate-deploy")
        for server in servers {
            let url = server.appendingPathComponent("v1/admin/reload")
            let response: HTTPResponse
            do {
                response = try await HTTPClient().send(url, headers: headers, body: Data("{}".utf8), limits: limits, onData: nil)
            } catch {
                throw StepFailure(
                    "\(version.reference) is \(version.model)@\(try parameters.string("alias")) now, but the server at \(server.absoluteString) did not answer: \(error) (it follows the alias by itself once it runs again)"
                )
            }
            let body = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
            guard response.status == 200 else {
                let message = (body["error"] as? [String: Any])?["message"] as? String ?? "HTTP \(response.status)"
                throw StepFailure("the server at \(server.absoluteString) refused to switch: \(message)")
            }
            let serving = body["revision"] as? String
            guard serving == version.reference else {
                throw StepFailure(
                    "the server at \(server.absoluteString) serves \(serving ?? "no registered version") after switching, not \(version.reference): start it with --model \(version.model)@\(try parameters.string("alias")) and the same store"
                )
            }
            context.log.write(
                "deploy: \(server.absoluteString) serves \(version.reference)"
                    + ((body["switched"] as? Bool) == true ? " (switched)" : " (already)"))
            switched.append(
                .object([
                    "url": .string(server.absoluteString), "revision": .string(version.reference),
                    "switched": .bool((body["switched"] as? Bool) == true),
                ]))
        }
        metadata["servers"] = .array(switched)
        return StepResult(metadata: ["deployment": .object(metadata)])
    }

    static func servers(_ parameters: StepParameters) throws -> [URL] {
        guard case .array(let items) = parameters["servers"] ?? .array([]) else {
            throw StepFailure("parameter 'servers' must be a list of URLs")
        }
        return try items.map { item in
            guard let text = item.stringValue, let url = URL(string: text) else {
                throw StepFailure("parameter 'servers': each item must be a URL, got \(item.typeName)")
            }
            return url
        }
    }

    static func headers(_ parameters: StepParameters) throws -> [String: String] {
        var headers = ["Content-Type": "application/json"]
        let variable = try parameters.string("api_key_env")
        guard !variable.isEmpty else { return headers }
        guard let key = ProcessInfo.processInfo.environment[variable], !key.isEmpty else {
            throw StepFailure(
                "parameter 'api_key_env': environment variable \(variable) is not set; it must hold the servers' API key")
        }
        headers["Authorization"] = "Bearer \(key)"
        return headers
    }
}
