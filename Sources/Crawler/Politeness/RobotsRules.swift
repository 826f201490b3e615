import Foundation

/// The rules of one robots.txt for one crawler, as RFC 9309 defines them: the groups naming the
/// crawler's product token (or else the `*` groups) are merged, the longest matching pattern wins,
/// and on a tie `Allow` wins. Patterns support `*` and a trailing `$`.
public struct RobotsRules: Sendable, Equatable {
    struct Rule: Sendable, Equatable {
        var allow: Bool
        var pattern: String
    }

    var rules: [Rule]
    /// Seconds between requests the site asks for (`Crawl-delay`, not in the RFC but widely used).
    public var crawlDelay: Double?

    public static let allowAll = RobotsRules(rules: [], crawlDelay: nil)
    public static let disallowAll = RobotsRules(rules: [Rule(allow: false, pattern: "/")], crawlDelay: nil)

    init(rules: [Rule], crawlDelay: Double?) {
        self.rules = rules
        self.crawlDelay = crawlDelay
    }

    /// Parses `text` for the crawler whose product token is `agent` (compared without case).
    public init(parsing text: String, agent: String) {
        struct Group {
            var agents: [String] = []
            var rules: [Rule] = []
            var crawlDelay: Double?
        }
        var groups: [Group] = []
        var current: Group?
        var lastWasAgent = false
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch field {
            case "user-agent":
                if !lastWasAgent {
                    if let finished = current { groups.append(finished) }
                    current = Group()
                }
                current?.agents.append(value.lowercased())
                lastWasAgent = true
            case "allow", "disallow":
                lastWasAgent = false
                // An empty Disallow allows everything; it adds no rule.
                guard !value.isEmpty else { continue }
                current?.rules.append(Rule(allow: field == "allow", pattern: value))
            case "crawl-delay":
                lastWasAgent = false
                current?.crawlDelay = Double(value)
            default:
                lastWasAgent = false
            }
        }
        if let finished = current { groups.append(finished) }
        let token = agent.lowercased()
        var matching = groups.filter { $0.agents.contains(token) }
        if matching.isEmpty { matching = groups.filter { $0.agents.contains("*") } }
        self.init(rules: matching.flatMap(\.rules), crawlDelay: matching.compactMap(\.crawlDelay).max())
    }

    /// Whether `path` (with its query, as sent) may be fetched. `/robots.txt` itself always may.
    public func allows(_ path: String) -> Bool {
        let target = path.isEmpty ? "/" : path
        if target == "/robots.txt" { return true }
        var best: Rule?
        for rule in rules where Self.matches(rule.pattern, target) {
            if let chosen = best {
                if rule.pattern.count > chosen.pattern.count || (rule.pattern.count == chosen.pattern.count && rule.allow) {
                    best = rule
                }
            } else {
                best = rule
            }
        }
        return best?.allow ?? true
    }

    /// The rule that blocks `path`, for the failure reason, or nil when it is allowed.
    public func blockingRule(for path: String) -> String? {
        guard !allows(path) else { return nil }
        let longest = rules.filter { !$0.allow && Self.matches($0.pattern, path.isEmpty ? "/" : path) }
            .max { $0.pattern.count < $1.pattern.count }
        return longest.map { "Disallow: \($0.pattern)" }
    }

    /// Prefix match with `*` for any run of characters and a final `$` anchoring the end.
    static func matches(_ pattern: String, _ path: String) -> Bool {
        var parts = Array(pattern.utf8)
        let anchored = parts.last == UInt8(ascii: "$")
        if anchored { parts.removeLast() }
        let text = Array(path.utf8)
        let star = UInt8(ascii: "*")
        // Classic wildcard matching, greedy with backtracking to the last star.
        var (p, t) = (0, 0)
        var starAt: Int?
        var resume = 0
        while t < text.count {
            if p == parts.count, !anchored { return true }
            if p < parts.count, parts[p] == star {
                starAt = p
                resume = t
                p += 1
            } else if p < parts.count, parts[p] == text[t] {
                p += 1
                t += 1
            } else if let star = starAt {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < parts.count, parts[p] == star { p += 1 }
        return p == parts.count
    }
}
