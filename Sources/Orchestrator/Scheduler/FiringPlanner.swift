import ArtifactStore
import Foundation

/// Decides, from the clock and what is already recorded, which firings a schedule owes: pure
/// logic, so tests can walk it through months of time, restarts and DST without waiting.
public enum FiringPlanner {
    /// A fire time counts as on time (for `catch_up: none`) within this many seconds after it.
    public static let onTimeTolerance: Double = 60

    /// The schedule firings to record for `pipeline`, given the last recorded fire time (or when
    /// the schedule was first seen) and now. Missed times that catch-up does not run are recorded
    /// too, as one `skipped` firing at the latest of them, so they are never considered again.
    public static func scheduleFirings(
        pipeline: String, schedule: ScheduleSpec, cron: CronExpression, timeZone: TimeZone, after cursor: Date, now: Date,
        recordedAt: Double
    ) -> [FiringRecord] {
        let due = cron.fireDates(from: cursor, through: now, in: timeZone, limit: 10_000)
        guard !due.isEmpty else { return [] }
        var fire: [Date]
        switch schedule.catchUp {
        case .all: fire = Array(due.suffix(schedule.maxCatchUp))
        case .latest: fire = [due.last!]
        case .none: fire = due.filter { now.timeIntervalSince($0) <= onTimeTolerance }
        }
        let skipped = due.filter { !fire.contains($0) }
        var records: [FiringRecord] = []
        if let last = skipped.last {
            let first = skipped.first!
            let range = skipped.count == 1 ? iso(last) : "\(skipped.count) fire times from \(iso(first)) to \(iso(last))"
            records.append(
                FiringRecord(
                    key: "schedule:\(pipeline):\(iso(last))", pipeline: pipeline, kind: .schedule,
                    dueAt: last.timeIntervalSince1970, status: .skipped,
                    reason: "missed \(range) while no scheduler ran (catch_up: \(schedule.catchUp.rawValue))",
                    createdAt: recordedAt))
        }
        for time in fire {
            records.append(
                FiringRecord(
                    key: "schedule:\(pipeline):\(iso(time))", pipeline: pipeline, kind: .schedule,
                    dueAt: time.timeIntervalSince1970,
                    status: .pending, createdAt: recordedAt))
        }
        return records
    }

    /// The firing for a new version of a trigger's artifact: pending, or skipped when its `when` is false.
    public static func artifactFiring(pipeline: String, trigger: TriggerSpec, artifact: ArtifactRecord, recordedAt: Double)
        -> FiringRecord
    {
        var firing = FiringRecord(
            key: "artifact:\(pipeline):\(artifact.id)", pipeline: pipeline, kind: .artifact, artifactId: artifact.id,
            status: .pending, createdAt: recordedAt)
        guard let text = trigger.when else { return firing }
        let expression: WhenExpression
        do {
            expression = try WhenExpression(text)
        } catch {
            // A guard nobody can evaluate must not fire the pipeline as if it held.
            firing.status = .skipped
            firing.reason = "when '\(text)' does not parse (\(error)); fix the trigger, `orchestrate validate` shows where"
            return firing
        }
        let value = artifact.guardValue
        let holds = expression.evaluate { path in
            path.dropFirst().reduce(value) { current, key in current?[key] }
        }
        if !holds {
            firing.status = .skipped
            firing.reason = "when '\(text)' is false for \(artifact.qualifiedName)"
        }
        return firing
    }

    /// Whole-second UTC times: part of firing keys, so their form must never change.
    static func iso(_ date: Date) -> String {
        keyFormatter.string(from: date)
    }

    nonisolated(unsafe) private static let keyFormatter = ISO8601DateFormatter()
}
