/// Prometheus' text exposition format (version 0.0.4): `# HELP` and `# TYPE` lines per family, then one
/// `name{label="value"} number` line per sample.
struct PrometheusText {
    private(set) var text = ""

    mutating func family(_ name: String, _ type: String, _ help: String) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    mutating func sample(_ name: String, labels: [String: String] = [:], _ value: Double) {
        let labelText =
            labels.isEmpty
            ? ""
            : "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(Self.escape($0.value))\"" }.joined(separator: ",")
                + "}"
        text += "\(name)\(labelText) \(Self.number(value))\n"
    }

    /// Integers without a decimal point, as Prometheus writes them; other numbers as Swift prints them.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
