import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where output goes and whether it may be colored. Colors only on a terminal and never with NO_COLOR.
enum Terminal {
    static let stdoutIsTTY = isatty(STDOUT_FILENO) == 1
    static let stderrIsTTY = isatty(STDERR_FILENO) == 1
    static let colorsAllowed = ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true

    enum Color: String {
        case red = "31", green = "32", yellow = "33", blue = "34", cyan = "36", gray = "90", bold = "1"
    }

    static func paint(_ text: String, _ color: Color, tty: Bool = stdoutIsTTY) -> String {
        guard tty, colorsAllowed else { return text }
        return "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m"
    }

    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// `error: message` on stderr; `plain` skips the prefix for messages that carry FILE:LINE:COL.
    static func error(_ message: String, plain: Bool = false) {
        let prefix = plain ? "" : paint("error: ", .red, tty: stderrIsTTY)
        FileHandle.standardError.write(Data((prefix + message + "\n").utf8))
    }
}
