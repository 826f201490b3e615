import Foundation

/// What one attempt of a step asks of the machine it runs on: `resources: { cpus: 8, memory: 32G,
/// gpus: 1, time: 2h }`. The Slurm executor turns it into `sbatch` options; the local executor has
/// nothing to reserve and ignores it.
public struct ResourceSpec: Sendable, Hashable, Codable {
    public var cpus: Int?
    /// Megabytes (`memory: 16G` is 16384).
    public var memoryMegabytes: Int?
    public var gpus: Int?
    /// Seconds of wall-clock time the scheduler may give the attempt.
    public var timeSeconds: Double?

    public init(cpus: Int? = nil, memoryMegabytes: Int? = nil, gpus: Int? = nil, timeSeconds: Double? = nil) {
        self.cpus = cpus
        self.memoryMegabytes = memoryMegabytes
        self.gpus = gpus
        self.timeSeconds = timeSeconds
    }

    enum CodingKeys: String, CodingKey {
        case cpus
        case memoryMegabytes = "memory_mb"
        case gpus
        case timeSeconds = "time_seconds"
    }

    /// Megabytes in `512M`, `16G`, `1T` or a plain number of megabytes; nil for anything else.
    static func megabytes(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let scales: [(String, Int)] = [("TB", 1 << 20), ("GB", 1 << 10), ("MB", 1), ("T", 1 << 20), ("G", 1 << 10), ("M", 1)]
        for (suffix, scale) in scales where trimmed.hasSuffix(suffix) {
            guard let number = Int(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), number > 0 else {
                return nil
            }
            return number.multipliedReportingOverflow(by: scale).overflow ? nil : number * scale
        }
        guard let number = Int(trimmed), number > 0 else { return nil }
        return number
    }
}
