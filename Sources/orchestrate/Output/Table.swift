/// A plain text table with left-aligned columns, as `runs list` and `artifacts list` print.
struct Table {
    var headers: [String]
    var rows: [[String]] = []

    init(_ headers: String...) {
        self.headers = headers
    }

    init(_ headers: [String]) {
        self.headers = headers
    }

    mutating func add(_ cells: String...) {
        rows.append(cells)
    }

    func render() -> String {
        let all = [headers] + rows
        let widths = headers.indices.map { column in all.map { visibleWidth($0[column]) }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - visibleWidth(cell) + 2)
            }.joined()
        }.joined(separator: "\n")
    }

    /// Width without ANSI color codes.
    private func visibleWidth(_ text: String) -> Int {
        var count = 0
        var inEscape = false
        for character in text {
            if character == "\u{1B}" { inEscape = true; continue }
            if inEscape { if character == "m" { inEscape = false }; continue }
            count += 1
        }
        return count
    }
}
