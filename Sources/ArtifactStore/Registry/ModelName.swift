/// The names the registry accepts: model names (`twin`, `sft.model`) and alias names (`production`,
/// `staging`, `candidate-2`). Neither starts with a digit, so `twin/3` and `twin@3` always read as versions.
public enum ModelName {
    /// The two aliases MLflow's registry gives meaning to; `production` is guarded by the evaluation gate.
    public static let staging = "staging"
    public static let production = "production"
    /// Means "the newest version" in references, so it can never be an alias.
    public static let latest = "latest"

    /// Why `text` is not a model name, or nil when it is one: letters, digits, `.`, `_` and `-`, starting
    /// with a letter or `_`, at most 200 characters. Every artifact name (`step.output`) is one, so a model
    /// artifact can always be registered under its own name.
    public static func problem(model text: String) -> String? {
        problem(
            text, allowed: "._-", leading: "_", limit: 200, what: "a model name",
            uses: "a letter or '_', then letters, digits, '.', '_' and '-'")
    }

    /// Why `text` is not an alias name, or nil when it is one: letters, digits, `_` and `-`, starting with
    /// a letter, at most 100 characters, and not `latest`.
    public static func problem(alias text: String) -> String? {
        if text == latest { return "'latest' means the newest version and cannot be an alias" }
        return problem(
            text, allowed: "_-", leading: "", limit: 100, what: "an alias",
            uses: "a letter, then letters, digits, '_' and '-'")
    }

    private static func problem(
        _ text: String, allowed: String, leading: String, limit: Int, what: String, uses: String
    ) -> String? {
        guard let first = text.unicodeScalars.first else { return "\(what) cannot be empty" }
        guard text.count <= limit else { return "\(what) has at most \(limit) characters" }
        let valid =
            first.isASCII && (first.properties.isAlphabetic || leading.unicodeScalars.contains(first))
            && text.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || allowed.unicodeScalars.contains($0))
            }
        return valid ? nil : "'\(text)' is not \(what) (write \(uses))"
    }
}
