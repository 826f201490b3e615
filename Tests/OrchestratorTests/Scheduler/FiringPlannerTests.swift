import ArtifactStore
import Foundation
import Orchestrator
import Testing

/// What a schedule owes, decided from a clock that tests move by hand: months of firings and
/// scheduler restarts without sleeping.
@Suite("FiringPlanner")
struct FiringPlannerTests {
    static let utc = TimeZone(identifier: "UTC")!

    func date(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    func schedule(_ cron: String, _ catchUp: ScheduleSpec.CatchUp, max: Int = 10) throws -> (ScheduleSpec, CronExpression) {
        let text =
            "name: p\nschedule: { cron: \"\(cron)\", catch_up: \(catchUp.rawValue), max_catch_up: \(max) }\nsteps:\n  a: { uses: noop }\n"
        let spec = try SpecParser.parse(text, file: "p.yaml")
        return (try #require(spec.schedule), try CronExpression(cron))
    }

    /// A scheduler that is up during `uptimes` (start, end) and checks every `tick` seconds,
    /// recording what the planner returns, as the daemon does.
    func simulate(
        _ cron: String, _ catchUp: ScheduleSpec.CatchUp, max: Int = 10, firstSeen: String,
        uptimes: [(String, String)], tick: Double
    ) throws -> [FiringRecord] {
        let (spec, expression) = try schedule(cron, catchUp, max: max)
        var recorded: [FiringRecord] = []
        for (start, end) in uptimes {
            var now = date(start)
            while now <= date(end) {
                let cursor = recorded.compactMap(\.dueAt).max().map(Date.init(timeIntervalSince1970:)) ?? date(firstSeen)
                let new = FiringPlanner.scheduleFirings(
                    pipeline: "p", schedule: spec, cron: expression, timeZone: Self.utc,
                    after: cursor, now: now, recordedAt: 0)
                for firing in new where !recorded.contains(where: { $0.key == firing.key }) { recorded.append(firing) }
                now.addTimeInterval(tick)
            }
        }
        return recorded
    }

    func fired(_ records: [FiringRecord]) -> [String] {
        records.filter { $0.status == .pending }.compactMap(\.dueAt).map {
            ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: $0))
        }
    }

    @Test("a daily schedule checked every half hour for three months fires once a day, at its time")
    func threeMonths() throws {
        let records = try simulate(
            "0 3 * * *", .latest, firstSeen: "2026-01-01T00:00:00Z",
            uptimes: [("2026-01-01T00:00:00Z", "2026-03-31T23:59:00Z")], tick: 1800)
        let times = fired(records)
        #expect(times.count == 90)
        #expect(times.first == "2026-01-01T03:00:00Z")
        #expect(times.last == "2026-03-31T03:00:00Z")
        #expect(Set(times).count == times.count)
        #expect(records.allSatisfy { $0.status == .pending })
    }

    @Test("nothing before the scheduler first saw the schedule is owed")
    func firstSeen() throws {
        let records = try simulate(
            "0 * * * *", .all, firstSeen: "2026-05-01T10:30:00Z",
            uptimes: [("2026-05-01T10:30:00Z", "2026-05-01T12:00:00Z")], tick: 60)
        #expect(fired(records) == ["2026-05-01T11:00:00Z", "2026-05-01T12:00:00Z"])
    }

    @Test("catch_up all: after a restart every missed time fires once, in order, then on time again")
    func catchUpAll() throws {
        let records = try simulate(
            "0 * * * *", .all, firstSeen: "2026-05-01T00:00:00Z",
            uptimes: [("2026-05-01T00:00:00Z", "2026-05-01T02:30:00Z"), ("2026-05-01T06:10:00Z", "2026-05-01T07:00:00Z")],
            tick: 300)
        #expect(fired(records) == (1...7).map { String(format: "2026-05-01T%02d:00:00Z", $0) })
    }

    @Test("catch_up all fires at most max_catch_up of the most recent missed times; the rest are recorded skipped")
    func catchUpAllLimited() throws {
        let records = try simulate(
            "0 * * * *", .all, max: 2, firstSeen: "2026-05-01T00:00:00Z",
            uptimes: [("2026-05-01T00:30:00Z", "2026-05-01T00:30:00Z"), ("2026-05-01T05:30:00Z", "2026-05-01T05:30:00Z")],
            tick: 60)
        #expect(fired(records) == ["2026-05-01T04:00:00Z", "2026-05-01T05:00:00Z"])
        let skipped = records.filter { $0.status == .skipped }
        #expect(skipped.count == 1)
        #expect(
            skipped.first?.reason
                == "missed 3 fire times from 2026-05-01T01:00:00Z to 2026-05-01T03:00:00Z while no scheduler ran (catch_up: all)")
    }

    @Test("catch_up latest: after a restart only the most recent missed time fires")
    func catchUpLatest() throws {
        let records = try simulate(
            "*/15 * * * *", .latest, firstSeen: "2026-05-01T00:00:00Z",
            uptimes: [("2026-05-01T00:00:00Z", "2026-05-01T00:20:00Z"), ("2026-05-01T02:05:00Z", "2026-05-01T02:20:00Z")],
            tick: 60)
        #expect(fired(records) == ["2026-05-01T00:15:00Z", "2026-05-01T02:00:00Z", "2026-05-01T02:15:00Z"])
    }

    @Test("catch_up none: missed times are skipped, on-time ones fire")
    func catchUpNone() throws {
        let records = try simulate(
            "*/15 * * * *", .none, firstSeen: "2026-05-01T00:00:00Z",
            uptimes: [("2026-05-01T00:00:00Z", "2026-05-01T00:20:00Z"), ("2026-05-01T02:05:00Z", "2026-05-01T02:20:00Z")],
            tick: 60)
        #expect(fired(records) == ["2026-05-01T00:15:00Z", "2026-05-01T02:15:00Z"])
        #expect(records.filter { $0.status == .skipped }.count == 1)
    }

    @Test("checking again at the same instant owes nothing new: keys are stable")
    func idempotent() throws {
        let (spec, cron) = try schedule("0 3 * * *", .all)
        let first = FiringPlanner.scheduleFirings(
            pipeline: "p", schedule: spec, cron: cron, timeZone: Self.utc,
            after: date("2026-01-01T00:00:00Z"), now: date("2026-01-03T04:00:00Z"), recordedAt: 0)
        let again = FiringPlanner.scheduleFirings(
            pipeline: "p", schedule: spec, cron: cron, timeZone: Self.utc,
            after: date("2026-01-01T00:00:00Z"), now: date("2026-01-03T04:00:00Z"), recordedAt: 0)
        #expect(first.map(\.key) == again.map(\.key))
        #expect(
            first.map(\.key) == [
                "schedule:p:2026-01-01T03:00:00Z", "schedule:p:2026-01-02T03:00:00Z", "schedule:p:2026-01-03T03:00:00Z",
            ])
    }

    @Test("an artifact trigger's guard reads the new version's metadata")
    func artifactGuard() throws {
        let artifact = ArtifactRecord(
            id: "a1", pipeline: "feature", name: "chunk.chunks", version: 3, type: "chunks", kind: .file, sha256: "ab",
            size: 10, metadata: "{\"count\": 120}", producerStepRunId: nil, createdAt: 0)
        let small = TriggerSpec(pipeline: "feature", artifact: "chunks", when: "artifact.count >= 500")
        let skipped = FiringPlanner.artifactFiring(pipeline: "datasets", trigger: small, artifact: artifact, recordedAt: 0)
        #expect(skipped.status == .skipped)
        #expect(skipped.reason == "when 'artifact.count >= 500' is false for feature/chunk.chunks@3")
        #expect(skipped.key == "artifact:datasets:a1")
        let any = TriggerSpec(pipeline: "feature", artifact: "chunks", when: "artifact.version > 2 and artifact.count > 100")
        #expect(
            FiringPlanner.artifactFiring(pipeline: "datasets", trigger: any, artifact: artifact, recordedAt: 0).status == .pending
        )
    }

    @Test("a trigger whose guard does not parse does not fire, and the firing says why")
    func unparsableGuardDoesNotFire() {
        let artifact = ArtifactRecord(
            id: "a1", pipeline: "feature", name: "chunk.chunks", version: 3, type: "chunks", kind: .file, sha256: "ab",
            size: 10, metadata: "{\"count\": 120}", producerStepRunId: nil, createdAt: 0)
        let broken = TriggerSpec(pipeline: "feature", artifact: "chunks", when: "artifact.count >=")

        let firing = FiringPlanner.artifactFiring(pipeline: "datasets", trigger: broken, artifact: artifact, recordedAt: 0)

        #expect(firing.status == .skipped)
        #expect(firing.key == "artifact:datasets:a1")
        #expect(firing.reason?.hasPrefix("when 'artifact.count >=' does not parse (") == true)
        #expect(firing.reason?.hasSuffix("); fix the trigger, `orchestrate validate` shows where") == true)
    }
}
