/// How users name a registered model version: `twin` (its newest version), `twin/3` or `twin@3` (version
/// 3), `twin@production` (the version an alias points at), `twin@latest` (the newest).
public struct ModelReference: Sendable, Equatable, CustomStringConvertible {
    public enum Selector: Sendable, Equatable {
        case latest
        case version(Int)
        case alias(String)
    }

    public var model: String
    public var selector: Selector

    public init(model: String, selector: Selector) {
        self.model = model
        self.selector = selector
    }

    /// Parses `text`, throwing a `RegistryError` that says what is wrong.
    public init(parsing text: String) throws {
        var name = Substring(text)
        var selector = Selector.latest
        if let at = text.lastIndex(of: "@") {
            name = text[..<at]
            let suffix = String(text[text.index(after: at)...])
            if let number = Int(suffix) {
                guard number > 0 else { throw RegistryError.invalidReference(text, "versions start at 1") }
                selector = .version(number)
            } else if suffix == ModelName.latest {
                selector = .latest
            } else if let problem = ModelName.problem(alias: suffix) {
                throw RegistryError.invalidReference(text, problem)
            } else {
                selector = .alias(suffix)
            }
        } else if let slash = text.lastIndex(of: "/") {
            name = text[..<slash]
            guard let number = Int(text[text.index(after: slash)...]), number > 0 else {
                throw RegistryError.invalidReference(text, "after '/' comes a version number, like twin/3")
            }
            selector = .version(number)
        }
        if let problem = ModelName.problem(model: String(name)) {
            throw RegistryError.invalidReference(text, problem)
        }
        self.init(model: String(name), selector: selector)
    }

    /// Whether `text` is written like a registry reference (and so is worth looking up), as opposed to a
    /// path such as `models/base.gguf` or `./twin`.
    public static func looksLikeReference(_ text: String) -> Bool {
        (try? ModelReference(parsing: text)) != nil
    }

    public var description: String {
        switch selector {
        case .latest: model
        case .version(let number): "\(model)/\(number)"
        case .alias(let alias): "\(model)@\(alias)"
        }
    }
}
