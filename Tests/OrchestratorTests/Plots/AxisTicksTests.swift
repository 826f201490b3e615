import Orchestrator
import Testing

/// Ticks at 1, 2, 2.5 or 5 times a power of ten, covering the data, labelled with the digits they need.
@Suite("axis ticks")
struct AxisTicksTests {
    @Test("a loss from 0.31 to 7.62 gets ticks 0, 2, 4, 6, 8")
    func loss() {
        let ticks = AxisTicks(covering: 0.31, 7.62)
        #expect(ticks.values == [0, 2, 4, 6, 8])
        #expect(ticks.values.map(ticks.label) == ["0", "2", "4", "6", "8"])
    }

    @Test("small ranges get decimals, and only as many as the step has")
    func decimals() {
        let ticks = AxisTicks(covering: 0.0012, 0.0049)
        #expect(ticks.step == 0.001)
        #expect(ticks.values.map(ticks.label) == ["0.001", "0.002", "0.003", "0.004", "0.005"])
        let quarters = AxisTicks(covering: 0, 1.1, target: 6)
        #expect(quarters.step == 0.25)
        #expect(quarters.values.map(quarters.label) == ["0.00", "0.25", "0.50", "0.75", "1.00", "1.25"])
    }

    @Test("updates fall on whole numbers, however few there are")
    func integers() {
        let ticks = AxisTicks(covering: 1, 3, target: 8, integers: true)
        #expect(ticks.step == 1)
        #expect(ticks.values == [1, 2, 3])
    }

    @Test("one value gets a range around it; negative values keep their sign, and no tick reads -0")
    func degenerate() {
        let one = AxisTicks(covering: 5, 5)
        #expect(one.lower < 5 && one.upper > 5)
        let negative = AxisTicks(covering: -82.8, -24.8)
        #expect(negative.values.first! <= -82.8 && negative.values.last! >= -24.8)
        #expect(!negative.values.map(negative.label).contains("-0"))
    }
}
