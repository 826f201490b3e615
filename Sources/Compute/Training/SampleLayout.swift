/// Where each sample of a micro-batch lies in the batch's token rows: samples lie end to end, each at
/// positions from 0 and attending only to itself, so a packed batch computes exactly what its samples
/// would one by one.
struct SampleLayout: Sendable {
    let starts: [Int]
    let lengths: [Int]
    let tokens: Int

    init(_ batch: [TrainingSequence]) {
        var starts: [Int] = []
        var total = 0
        for sequence in batch {
            starts.append(total)
            total += sequence.tokens.count
        }
        self.starts = starts
        lengths = batch.map(\.tokens.count)
        tokens = total
    }

    var longest: Int { lengths.max() ?? 0 }
}
