import ArtifactStore

/// One symbol and color per status, used by every command that prints steps or runs.
enum StatusStyle {
    static func symbol(_ status: StepStatus) -> String {
        switch status {
        case .succeeded: "✓"
        case .cached: "↺"
        case .failed: "✗"
        case .skipped: "–"
        case .cancelled: "⊘"
        case .running: "▸"
        case .pending: "·"
        }
    }

    static func color(_ status: StepStatus) -> Terminal.Color {
        switch status {
        case .succeeded: .green
        case .cached: .cyan
        case .failed: .red
        case .skipped, .pending: .gray
        case .cancelled, .running: .yellow
        }
    }

    static func color(_ status: RunStatus) -> Terminal.Color {
        switch status {
        case .succeeded: .green
        case .failed: .red
        case .interrupted, .cancelled: .yellow
        case .running, .pending: .blue
        }
    }

    static func paint(_ status: StepStatus, tty: Bool = Terminal.stdoutIsTTY) -> String {
        Terminal.paint(status.rawValue, color(status), tty: tty)
    }

    static func paint(_ status: RunStatus, tty: Bool = Terminal.stdoutIsTTY) -> String {
        Terminal.paint(status.rawValue, color(status), tty: tty)
    }
}
