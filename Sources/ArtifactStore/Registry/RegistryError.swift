/// Why the registry refused a change: a promotion the evaluation gate does not allow, a force without a
/// reason, a rollback with no earlier version, a name it does not accept. A struct over a private code, so
/// that kinds can be added without breaking callers.
public struct RegistryError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Code: Sendable, Equatable {
        case gate, forceWithoutReason, nothingToRollBack, invalidName, invalidReference
    }

    private let code: Code
    public let description: String
    /// What to do about it.
    public let hint: String?

    private init(_ code: Code, _ description: String, hint: String?) {
        self.code = code
        self.description = description
        self.hint = hint
    }

    /// Whether the production gate refused the promotion (and a forced promotion would pass).
    public var isGateRefusal: Bool { code == .gate }

    static func gate(_ version: ModelVersionRecord, _ why: String) -> RegistryError {
        RegistryError(
            .gate, "\(version.reference) cannot become \(ModelName.production): \(why)",
            hint: "promote it anyway with a reason: `orchestrate models promote \(version.model) \(version.version) "
                + "--alias \(ModelName.production) --force --reason TEXT` (in a promote step: force: true, reason: ...)")
    }

    static func forceWithoutReason(_ alias: String) -> RegistryError {
        RegistryError(
            .forceWithoutReason, "a forced move of '\(alias)' needs a reason",
            hint: "say why the gate is overridden with --reason TEXT (in a promote step: reason: ...)")
    }

    static func nothingToRollBack(model: String, alias: String, current: Int?) -> RegistryError {
        let state = current.map { "it has pointed at version \($0) only" } ?? "it was never set"
        return RegistryError(
            .nothingToRollBack, "\(model)@\(alias) has no earlier version to roll back to: \(state)",
            hint: "`orchestrate models aliases \(model)` shows the alias log")
    }

    static func invalidName(_ problem: String) -> RegistryError {
        RegistryError(.invalidName, problem, hint: nil)
    }

    static func invalidReference(_ text: String, _ reason: String) -> RegistryError {
        RegistryError(
            .invalidReference, "'\(text)' is not a model reference: \(reason)",
            hint: "name a registered model version as twin (the newest), twin/3 or twin@production")
    }
}
