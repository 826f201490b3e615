/// A Prometheus histogram: cumulative counts of observations at or under each bound, their sum and count.
struct LatencyHistogram {
    let bounds: [Double]
    private var counts: [Int]
    private var sum = 0.0
    private var count = 0

    init(bounds: [Double]) {
        self.bounds = bounds.sorted()
        counts = Array(repeating: 0, count: bounds.count)
    }

    mutating func observe(_ value: Double) {
        for (index, bound) in bounds.enumerated() where value <= bound { counts[index] += 1 }
        sum += value
        count += 1
    }

    func write(name: String, into text: inout PrometheusText) {
        for (bound, observed) in zip(bounds, counts) {
            text.sample(name + "_bucket", labels: ["le": PrometheusText.number(bound)], Double(observed))
        }
        text.sample(name + "_bucket", labels: ["le": "+Inf"], Double(count))
        text.sample(name + "_sum", sum)
        text.sample(name + "_count", Double(count))
    }
}
