import Foundation

/// What a failed command prints and the code it exits with: one line saying what went wrong, a hint
/// saying what to do about it, and (with `--verbose`) the details behind it.
struct ErrorReport: Equatable {
    /// Lines printed as they are, without `error:`, because they carry their own `FILE:LINE:COL:` prefix.
    var diagnostics: [String] = []
    var message: String
    var hint: String?
    var exitCode: Int32
    /// The error's type and full description, printed only with `--verbose`.
    var details: String?

    init(message: String, hint: String? = nil, exitCode: Int32 = ExitStatus.usage, details: String? = nil) {
        self.message = Self.oneLine(message)
        self.hint = hint
        self.exitCode = exitCode
        self.details = details
    }

    /// The text for standard error, ending with a newline.
    func render(verbosity: Verbosity, colored: Bool) -> String {
        func paint(_ text: String, _ color: Terminal.Color) -> String { Terminal.paint(text, color, tty: colored) }
        var lines = diagnostics
        if !message.isEmpty { lines.append(paint("error: ", .red) + message) }
        if let hint { lines.append(paint("hint: ", .cyan) + hint) }
        if verbosity == .verbose, let details { lines.append(paint("details: ", .gray) + details) }
        return lines.map { $0 + "\n" }.joined()
    }

    /// Messages from libraries sometimes span lines (an underlying error's own text); the error line stays one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}
