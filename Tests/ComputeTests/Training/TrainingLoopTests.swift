import Foundation
import OrchestrateTesting
import Testing

@testable import Compute

/// The loop: training lowers the loss, a run stopped after a checkpoint and resumed ends with the
/// adapter an uninterrupted run has, and the schedule and optimizer follow PyTorch's definitions.
struct TrainingLoopTests {
    static func task() -> SupervisedTask {
        SupervisedTask(
            sequences: (0..<6).map { index in
                TrainingSequence(tokens: [1] + (0..<9).map { (index * 37 + $0 * 11) % 1000 + 5 } + [2])
            })
    }

    static let settings = TrainingSettings(
        learningRate: 5e-3, epochs: 2, batchSize: 2, gradientAccumulation: 2, schedule: .cosine, warmupRatio: 0.2,
        optimizer: AdamW.Settings(weightDecay: 0.01), seed: 3, maxLength: 16, loggingSteps: 1, checkpointSteps: 2)

    static func loop(_ model: LlamaModel, checkpoints: URL?, settings: TrainingSettings = settings) throws -> TrainingLoop {
        let trainer = try LoRATrainingModel(
            model: model, adapter: TrainingFixture.adapter(for: model, dropout: 0.1), maxTokens: 32, maxSampleLength: 16,
            threads: 1)
        return try TrainingLoop(
            model: trainer, task: task(), settings: settings, checkpointFolder: checkpoints, fingerprint: "test")
    }

    @Test func trainingLowersTheLossOnItsOwnData() throws {
        let model = try TrainingFixture.model()
        var settings = Self.settings
        settings.epochs = 8
        settings.learningRate = 2e-2
        let summary = try Self.loop(model, checkpoints: nil, settings: settings).run()
        #expect(summary.steps == 16)
        #expect(summary.history.count == 16)
        #expect(summary.history.last!.loss < summary.history.first!.loss - 0.5)
    }

    @Test func aRunStoppedAfterACheckpointResumesToTheSameAdapter() throws {
        let model = try TrainingFixture.model()
        let uninterrupted = try Self.loop(model, checkpoints: nil).run()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let checkpoints = folder.url.appendingPathComponent("checkpoint")
        var updates = 0
        #expect(throws: CancellationError.self) {
            _ = try Self.loop(model, checkpoints: checkpoints).run(
                isCancelled: { updates == 3 }, onUpdate: { _, _, _ in updates += 1 })
        }
        let resumed = try Self.loop(model, checkpoints: checkpoints).run()
        #expect(resumed.resumedFrom == 2)
        #expect(resumed.steps == uninterrupted.steps)
        #expect(resumed.history.map(\.step) == uninterrupted.history.map(\.step))
        let difference = Self.largestDifference(resumed.adapter, uninterrupted.adapter)
        #expect(difference < 1e-6)
    }

    static func largestDifference(_ first: LoRAAdapter, _ second: LoRAAdapter) -> Float {
        var largest: Float = 0
        for (a, b) in zip(first.layers, second.layers) {
            for (target, pair) in a {
                let other = b[target]!
                let values: [Float] = pair.a + pair.b
                let others: [Float] = other.a + other.b
                for (x, y) in zip(values, others) { largest = max(largest, abs(x - y)) }
            }
        }
        return largest
    }

    @Test func aCheckpointOfAnotherRunIsNotResumed() throws {
        let model = try TrainingFixture.model()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let checkpoints = folder.url.appendingPathComponent("checkpoint")
        var updates = 0
        _ = try? Self.loop(model, checkpoints: checkpoints).run(
            isCancelled: { updates == 3 }, onUpdate: { _, _, _ in updates += 1 })
        let trainer = try LoRATrainingModel(
            model: model, adapter: TrainingFixture.adapter(for: model), maxTokens: 32, maxSampleLength: 16, threads: 1)
        let other = try TrainingLoop(
            model: trainer, task: Self.task(), settings: Self.settings, checkpointFolder: checkpoints, fingerprint: "other")
        #expect(try other.run().resumedFrom == nil)
    }

    @Test func theScheduleWarmsUpFromZeroAndDecaysToZero() {
        let linear = LearningRateSchedule(peak: 1, shape: .linear, warmupSteps: 2, totalSteps: 10)
        #expect((0..<4).map(linear.rate(at:)) == [0, 0.5, 1, 0.875])
        #expect(linear.rate(at: 10) == 0)
        let cosine = LearningRateSchedule(peak: 2, shape: .cosine, warmupSteps: 0, totalSteps: 4)
        #expect(abs(cosine.rate(at: 2) - 1) < 1e-12)
        #expect(abs(cosine.rate(at: 1) - (1 + cos(Double.pi / 4))) < 1e-12)
    }

    /// One AdamW update by hand, as torch.optim.AdamW computes it.
    @Test func adamWDecaysThenTakesTheBiasCorrectedStep() {
        var optimizer = AdamW(settings: AdamW.Settings(beta1: 0.9, beta2: 0.99, epsilon: 1e-8, weightDecay: 0.1), count: 2)
        var values: [Float] = [1, -2]
        let gradients: [Float] = [0.5, -0.25]
        for _ in 0..<2 { optimizer.update(&values, gradients: gradients, rate: 0.01) }
        var expected: [Double] = [1, -2]
        var m = [0.0, 0.0]
        var v = [0.0, 0.0]
        for t in 1...2 {
            for i in 0..<2 {
                let g = Double(gradients[i])
                expected[i] *= 1 - 0.01 * 0.1
                m[i] = 0.9 * m[i] + 0.1 * g
                v[i] = 0.99 * v[i] + 0.01 * g * g
                let mHat = m[i] / (1 - pow(0.9, Double(t)))
                let vHat = v[i] / (1 - pow(0.99, Double(t)))
                expected[i] -= 0.01 * mHat / (vHat.squareRoot() + 1e-8)
            }
        }
        #expect(abs(Double(values[0]) - expected[0]) < 1e-6)
        #expect(abs(Double(values[1]) - expected[1]) < 1e-6)
    }

    @Test func packingFillsRowsUpToMaxLengthWithoutSplittingSamples() {
        let task = SupervisedTask(sequences: [5, 7, 3, 8, 2].map { TrainingSequence(tokens: Array(0..<$0)) })
        var settings = Self.settings
        settings.packing = true
        settings.maxLength = 10
        settings.batchSize = 1
        #expect(task.microBatches(order: [0, 1, 2, 3, 4], settings: settings) == [[0], [1, 2], [3, 4]])
        settings.batchSize = 2
        #expect(task.microBatches(order: [0, 1, 2, 3, 4], settings: settings) == [[0, 1, 2], [3, 4]])
    }
}
