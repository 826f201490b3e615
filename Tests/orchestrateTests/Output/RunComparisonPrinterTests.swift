import ArtifactStore
import Orchestrator
import Testing

@testable import orchestrate

/// `runs compare` as text: a column per run, sections, `*` on rows that differ, bold only on a terminal.
@Suite("runs compare text")
struct RunComparisonPrinterTests {
    static let comparison = RunComparison(
        runs: ["3k2j4h5g9m0p1q2r3s4t", "7fa1cd34ef56gh78jk90"].map { id in
            RunRecord(
                id: id, pipeline: "training", status: .succeeded, trigger: "manual", specText: "", specPath: nil,
                projectDir: "/", parameters: "{}", options: "{}", createdAt: 0)
        },
        rows: [
            .init(section: .parameters, key: "max_steps", values: [20, 40]),
            .init(section: .parameters, key: "seed", values: [42, 42]),
            .init(section: .metrics, key: "sft.loss", values: [.double(1.2345678), nil]),
            .init(section: .outputs, key: "sft.model", values: ["sft.model@1 = twin/1", "sft.model@2 = twin/2"]),
        ])

    @Test("off a terminal: plain text, differing rows marked with *, missing values as -")
    func plain() {
        #expect(
            RunComparisonPrinter.text(Self.comparison, tty: false) == """
                   KEY          3k2j4h5g              7fa1cd34
                   parameters
                *    max_steps  20                    40
                     seed       42                    42
                   metrics
                *    sft.loss   1.23457               -
                   outputs
                *    sft.model  sft.model@1 = twin/1  sft.model@2 = twin/2

                3 of 4 rows differ (marked *)
                """)
    }

    @Test("on a terminal the differing rows are bold, unless NO_COLOR is set")
    func bold() {
        let text = RunComparisonPrinter.text(Self.comparison, tty: true)
        #expect(text.contains("\u{1B}[1m40\u{1B}[0m") == Terminal.colorsAllowed)
        #expect(!text.contains("\u{1B}[1m42"))
    }
}
