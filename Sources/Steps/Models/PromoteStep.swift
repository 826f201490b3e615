import ArtifactStore
import Foundation
import Orchestrator

/// Moves an alias of the registered model its input is a version of, so a pipeline can end by promoting
/// what it trained (usually behind a `when:` guard on an evaluation). `production` needs the version's
/// latest evaluation gate to have passed, unless `force` with a `reason`. It never reuses a cached result:
/// moving an alias is the point, and the alias may have moved since.
public struct PromoteStep: Step {
    public init() {}

    public var descriptor: StepDescriptor {
        StepDescriptor(
            type: "promote", version: 1,
            summary: "Points an alias (staging, production, or any name) of the registered model at its input's version.",
            parameters: Self.promotionParameters(
                alias: ParameterDescriptor("alias", .string, "The alias to move: staging, production, or a name of your own.")),
            inputs: [PortDescriptor("model", type: "model", "A model artifact, registered when its step published it.")])
    }

    /// The parameters `promote` and `deploy` share: the alias, why, the gate override and the model's name.
    static func promotionParameters(alias: ParameterDescriptor) -> [ParameterDescriptor] {
        [
            alias,
            ParameterDescriptor("reason", .string, default: "", "Why, for the alias log; required with force."),
            ParameterDescriptor(
                "force", .bool, default: false, "Promote to production even though the evaluation gate did not pass."),
            ParameterDescriptor(
                "name", .string, default: "",
                "The registered model, when the input's content is a version of several (else the one it is)."),
        ]
    }

    public func checkParameters(_ parameters: StepParameters) throws {
        if let problem = ModelName.problem(alias: try parameters.string("alias")) {
            throw StepFailure("parameter 'alias': \(problem)")
        }
        let name = try parameters.string("name")
        if !name.isEmpty, let problem = ModelName.problem(model: name) {
            throw StepFailure("parameter 'name': \(problem)")
        }
        if try parameters.bool("force"), try parameters.string("reason").trimmingCharacters(in: .whitespaces).isEmpty {
            throw StepFailure("parameter 'force' needs a 'reason': say why the gate is overridden")
        }
    }

    public func cacheLifetime(_ parameters: StepParameters) throws -> Double? { 0 }

    public func run(_ context: StepContext) async throws -> StepResult {
        let (_, metadata) = try Self.promote(context)
        return StepResult(metadata: ["promotion": .object(metadata)])
    }

    /// Moves the alias the step's parameters name (`alias`, `reason`, `force`, `name`) to the version its
    /// `model` input is; returns that version and what happened, for the step's metadata.
    static func promote(_ context: StepContext) throws -> (ModelVersionRecord, [String: JSONValue]) {
        guard let registry = ModelRegistryScope.current else {
            throw StepFailure("step '\(context.step)' needs the store's model registry, which only a pipeline run provides")
        }
        let input = try context.input("model")
        let parameters = context.parameters
        let alias = try parameters.string("alias")
        let version = try Self.version(of: input, named: try parameters.string("name"), in: registry)
        let given = try parameters.string("reason")
        let reason = given.isEmpty ? "pipeline \(context.pipeline), run \(Identifier.short(context.runID))" : given
        let user = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
        let change: Store.AliasChange
        do {
            change = try registry.promote(
                model: version.model, version: version.version, alias: alias, reason: reason,
                force: try parameters.bool("force"), by: user)
        } catch let error as RegistryError {
            throw StepFailure(error.description + (error.hint.map { " (\($0))" } ?? ""))
        }
        var metadata: [String: JSONValue] = [
            "model": .string(version.model), "version": .int(version.version), "alias": .string(alias),
        ]
        switch change {
        case .moved(let move):
            metadata["from_version"] = move.fromVersion.map { .int($0) } ?? .null
            metadata["forced"] = .bool(move.forced)
            context.log.write(
                "\(context.step): \(version.model)@\(alias) \(move.fromVersion.map { "\($0) → " } ?? "")\(version.version)"
                    + (move.forced ? " (forced past the gate: \(reason))" : ""))
        case .unchanged:
            metadata["unchanged"] = true
            context.log.write("\(context.step): \(version.model)@\(alias) already points at version \(version.version)")
        }
        return (version, metadata)
    }

    /// The registered version the input's content is: the one of `name`, or the only one there is.
    static func version(of input: StepInput, named name: String, in registry: any ModelRegistryAccess) throws
        -> ModelVersionRecord
    {
        let versions = try registry.versions(sha256: input.sha256)
        if !name.isEmpty {
            guard let version = versions.first(where: { $0.model == name }) else {
                throw StepFailure(
                    "input 'model' (\(input.name)@\(input.version)) is not a version of '\(name)'"
                        + (versions.isEmpty ? "" : "; it is \(versions.map(\.reference).joined(separator: ", "))"))
            }
            return version
        }
        switch versions.count {
        case 1:
            return versions[0]
        case 0:
            throw StepFailure("input 'model' (\(input.name)@\(input.version)) is not a registered model version")
        default:
            throw StepFailure(
                "input 'model' (\(input.name)@\(input.version)) is \(versions.map(\.reference).joined(separator: ", ")): "
                    + "say which model with parameter 'name'")
        }
    }
}
