import ArtifactStore
import Orchestrator

/// The text form of `runs compare`: one column per run, a row per key grouped by section, `*` in the first
/// column where the runs differ, and those rows bold on a terminal.
enum RunComparisonPrinter {
    static func text(_ comparison: RunComparison, tty: Bool) -> String {
        var table = Table(["", "KEY"] + comparison.runs.map { Identifier.short($0.id) })
        let blanks = Array(repeating: "", count: comparison.runs.count)
        for section in RunComparison.Section.allCases {
            let rows = comparison.rows.filter { $0.section == section }
            guard !rows.isEmpty else { continue }
            table.rows.append(["", section.rawValue] + blanks)
            for row in rows {
                var cells = ["  " + row.key] + row.values.map(cell)
                if row.differs { cells = cells.map { Terminal.paint($0, .bold, tty: tty) } }
                table.rows.append([row.differs ? "*" : ""] + cells)
            }
        }
        let differing = comparison.rows.filter(\.differs).count
        // Section rows end in empty cells; their padding is no use at the end of a line.
        let lines = table.render().split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix(" ") ? String(line.reversed().drop { $0 == " " }.reversed()) : String(line)
        }
        return lines.joined(separator: "\n") + "\n\n"
            + (differing == 0 ? "no differences" : "\(differing) of \(comparison.rows.count) rows differ (marked *)")
    }

    static func cell(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: "-"
        case .double(let number)?: MetricText.format(number)
        case let value?: value.interpolationText
        }
    }
}
