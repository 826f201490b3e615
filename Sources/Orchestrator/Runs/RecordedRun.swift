import ArtifactStore
import Foundation

/// How a run was started, read back strictly from its record: `resume` and `reproduce` must continue
/// the run that was started, so a field that cannot be read fails them, naming the run and the field,
/// instead of quietly becoming today's default.
struct RecordedRun {
    var parameters: [String: JSONValue]
    var options: RunOptions
    /// The artifact `trigger.artifact` read, when a step read it.
    var triggerArtifactID: String?

    init(_ run: RunRecord) throws {
        let label = "run \(Identifier.short(run.id))"
        func unreadable(_ field: String, _ problem: String) -> RunStateError {
            RunStateError(
                description: "\(label): its recorded \(field) \(problem); it cannot be continued or reproduced as it was started")
        }
        let parameters: JSONValue
        let options: JSONValue
        do {
            parameters = try JSONText.parse(run.parameters)
        } catch {
            throw unreadable("parameters", "are not JSON (\(error))")
        }
        do {
            options = try JSONText.parse(run.options)
        } catch {
            throw unreadable("options", "are not JSON (\(error))")
        }
        guard let parameterObject = parameters.objectValue else {
            throw unreadable("parameters", "hold a \(parameters.typeName) instead of a map")
        }
        guard options.objectValue != nil else { throw unreadable("options", "hold a \(options.typeName) instead of a map") }
        func field<T>(_ name: String, _ type: String, _ read: (JSONValue) -> T?) throws -> T {
            guard let value = options[name] else { throw unreadable("option '\(name)'", "is missing") }
            guard let typed = read(value) else {
                throw unreadable("option '\(name)'", "is \(JSONText.compact(value)), not \(type)")
            }
            return typed
        }
        self.parameters = parameterObject
        self.options = RunOptions(
            useCache: try field("use_cache", "true or false", \.boolValue),
            failFast: try field("fail_fast", "true or false", \.boolValue),
            maxParallel: try field("max_parallel", "a positive whole number") { $0.intValue.flatMap { $0 > 0 ? $0 : nil } })
        if options["trigger_artifact"] != nil {
            triggerArtifactID = try field("trigger_artifact", "an artifact id", \.stringValue)
        }
    }
}
