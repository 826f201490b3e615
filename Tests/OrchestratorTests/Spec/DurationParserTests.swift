import Orchestrator
import Testing

@Suite("DurationParser")
struct DurationParserTests {
    @Test(
        "durations are read as people write them",
        arguments: [
            ("90", 90.0), ("0", 0), ("2.5", 2.5), ("30s", 30), ("1.5s", 1.5), ("500ms", 0.5), ("15m", 900), ("2h", 7200),
            ("1h30m", 5400), ("1d", 86400), ("2min", 120), ("10sec", 10), ("1m30s", 90), (" 45s ", 45),
        ])
    func parses(text: String, seconds: Double) {
        #expect(DurationParser.seconds(text) == seconds)
    }

    @Test(
        "text that is not a duration is nil",
        arguments: [
            "", "abc", "5x", "m", "1h30", "-5", "-5s", "1..5s", "s5", "5 minutes",
        ])
    func rejects(text: String) {
        #expect(DurationParser.seconds(text) == nil)
    }

    @Test("infinite or not-a-number text is not a duration")
    func nonFinite() {
        #expect(DurationParser.seconds("nan") == nil)
        // Double("inf") is +infinity, which passes the `>= 0` check; a step with this timeout
        // crashes the engine when it converts the seconds to UInt64 nanoseconds.
        do {
            #expect(DurationParser.seconds("inf") == nil)
            #expect(DurationParser.seconds("infinity") == nil)
        }
    }

    @Test(
        "durations are printed in a short human form",
        arguments: [
            (0.85, "850ms"), (0.2, "200ms"), (1.0, "1.0s"), (12.34, "12.3s"), (245.0, "4m05s"), (5400.0, "1h30m"),
        ])
    func formats(seconds: Double, text: String) {
        #expect(DurationParser.format(seconds) == text)
    }
}
