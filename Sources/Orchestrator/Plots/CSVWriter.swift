/// Comma-separated values with RFC 4180's quoting: a field with a comma, a quote or a line break is quoted,
/// its quotes doubled. Lines end in LF rather than the RFC's CRLF: every reader accepts it, and it diffs well.
public enum CSVWriter {
    public static func text(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ",") + "\n" }.joined()
    }

    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
