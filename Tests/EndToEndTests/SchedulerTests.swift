import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The scheduler daemon end to end: schedules driven by a fast clock, artifact-triggered chains,
/// crashes between recording and starting a firing, and bad pipeline files.
@Suite("scheduler")
struct SchedulerTests {
    /// Starts `orchestrate scheduler` with a scaled clock and returns the process.
    func startScheduler(
        _ project: borrowing TestProject, clock: String?, extra: [String] = [], environment: [String: String] = [:]
    ) throws -> CLI.Started {
        var variables = environment
        if let clock { variables["ORCHESTRATE_CLOCK"] = clock }
        return try CLI.start(["scheduler", "--pipelines", "pipelines"] + extra, in: project.root, environment: variables)
    }

    func firings(_ project: borrowing TestProject, _ pipeline: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: project.root.appendingPathComponent("runs/orchestrate.sqlite").path) else {
            return []
        }
        let runs = try #require(try project.json("runs", "list", "--pipeline", pipeline, "--limit", "1000") as? [[String: Any]])
        return runs.compactMap { $0["trigger_detail"] as? String }.sorted()
    }

    func wait(seconds: Double, until condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(100_000)
        }
        return try condition()
    }

    static let minutely = """
        name: minutely
        schedule: { cron: "* * * * *", timezone: UTC, catch_up: all, max_catch_up: 100 }
        steps:
          tick:
            uses: command
            run: echo "$ORCHESTRATE_RUN_ID" > "$OUTPUT_o"
            outputs: [o]
            cache: false
        """

    @Test("an every-minute schedule fires once per minute of the scheduler's clock, and a restart neither skips nor repeats")
    func minuteSchedule() throws {
        let project = try TestProject()
        try project.write("pipelines/minutely.yaml", Self.minutely)
        // 120x: a minute of the scheduler's clock passes every half second.
        let first = try startScheduler(project, clock: "2026-01-01T00:00:10Z@120")
        let fired = try wait(seconds: 20) { try firings(project, "minutely").count >= 3 }
        #expect(fired)
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        _ = first.finish()
        let before = try firings(project, "minutely")
        #expect(before.first == "2026-01-01T00:01:00Z")
        #expect(Set(before).count == before.count)

        // Restart ten minutes of clock later: every missed minute runs once (catch_up: all).
        let second = try startScheduler(project, clock: "2026-01-01T00:10:20Z@1")
        let caughtUp = try wait(seconds: 30) { try firings(project, "minutely").contains("2026-01-01T00:10:00Z") }
        #expect(caughtUp)
        _ = try wait(seconds: 10) {
            let runs = try #require(
                try project.json("runs", "list", "--pipeline", "minutely", "--limit", "1000") as? [[String: Any]])
            return runs.allSatisfy { ($0["status"] as? String) == "succeeded" }
        }
        kill(second.process.processIdentifier, SIGTERM)
        second.process.waitUntilExit()
        let log = second.finish()
        #expect(log.status == 0, "\(log.stdout)\(log.stderr)")
        let after = try firings(project, "minutely")
        let expected = (1...10).map { String(format: "2026-01-01T00:%02d:00Z", $0) }
        #expect(after == expected)
    }

    static func chain(_ name: String, after upstream: String?) -> String {
        var text = "name: \(name)\n"
        if let upstream { text += "triggers:\n  - on_artifact: { pipeline: \(upstream), name: out }\n" }
        text += "steps:\n  make:\n    uses: command\n"
        if upstream != nil {
            text +=
                "    inputs: { previous: trigger.artifact }\n    run: cat \"$INPUT_previous\" > \"$OUTPUT_out\"; echo \(name) >> \"$OUTPUT_out\"\n"
        } else {
            text += "    run: date +%s%N > \"$OUTPUT_out\"; echo \(name) >> \"$OUTPUT_out\"\n"
        }
        text += "    outputs: [out]\n"
        return text
    }

    @Test("a new artifact version triggers the next pipeline, which triggers the next: a chain of three, each link recorded")
    func triggerChain() throws {
        let project = try TestProject()
        try project.write("pipelines/features.yaml", Self.chain("features", after: nil))
        try project.write("pipelines/datasets.yaml", Self.chain("datasets", after: "features"))
        try project.write("pipelines/training.yaml", Self.chain("training", after: "datasets"))
        // The scheduler watches triggers from when it first sees them.
        #expect(try project.run("scheduler", "--pipelines", "pipelines", "--once").status == 0)
        #expect(try project.run("run", "pipelines/features.yaml").status == 0)
        let once = try project.run("scheduler", "--pipelines", "pipelines", "--once")
        #expect(once.status == 0, "\(once.stdout)\(once.stderr)")

        let training = try #require(try project.json("runs", "list", "--pipeline", "training") as? [[String: Any]])
        #expect(training.count == 1)
        let trainingID = try #require(training.first?.string("id"))
        let shown = try #require(try project.json("runs", "show", trainingID) as? [String: Any])
        #expect(shown.string("trigger") == "artifact")
        let trigger = try #require(shown["trigger_artifact"] as? [String: Any])
        #expect(trigger["name"] as? String == "make.out")
        #expect(trigger["pipeline"] as? String == "datasets")
        let text = try project.run("runs", "show", trainingID)
        #expect(text.stdout.contains("trigger   new version datasets/make.out@1 (published by run"))
        let lineage = try project.run("lineage", "training/make.out")
        #expect(lineage.stdout.contains("previous ← datasets/make.out@1"))
        #expect(lineage.stdout.contains("previous ← features/make.out@1"))

        // Nothing new: a manual run whose output is unchanged publishes no new version, so nothing fires.
        try project.write(
            "pipelines/features.yaml",
            Self.chain("features", after: nil).replacingOccurrences(of: "date +%s%N", with: "echo fixed"))
        #expect(try project.run("run", "pipelines/features.yaml").status == 0)
        #expect(try project.run("scheduler", "--pipelines", "pipelines", "--once").status == 0)
        #expect(try project.run("run", "pipelines/features.yaml").status == 0)
        #expect(try project.run("scheduler", "--pipelines", "pipelines", "--once").status == 0)
        let datasets = try #require(try project.json("runs", "list", "--pipeline", "datasets") as? [[String: Any]])
        #expect(datasets.count == 2)
    }

    @Test("kill -9 between recording a firing and starting its run: the restarted scheduler runs it exactly once")
    func crashBetweenRecordAndStart() throws {
        let project = try TestProject()
        try project.write("pipelines/minutely.yaml", Self.minutely)
        let first = try startScheduler(
            project, clock: "2026-01-01T00:00:50Z@1", environment: ["ORCHESTRATE_SCHEDULER_PAUSE_BEFORE_START": "30"])
        let recorded = try wait(seconds: 20) {
            (try? String(contentsOf: first.stdoutURL, encoding: .utf8))?.contains("schedule fired") == true
        }
        #expect(recorded)
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        _ = first.finish()
        #expect(try firings(project, "minutely").isEmpty)

        let second = try startScheduler(project, clock: "2026-01-01T00:01:05Z@1")
        let ran = try wait(seconds: 20) { try firings(project, "minutely") == ["2026-01-01T00:01:00Z"] }
        #expect(ran)
        usleep(1_500_000)
        kill(second.process.processIdentifier, SIGTERM)
        second.process.waitUntilExit()
        _ = second.finish()
        #expect(try firings(project, "minutely") == ["2026-01-01T00:01:00Z"])
    }

    @Test("a second scheduler on the same store exits with a clear message")
    func oneSchedulerPerStore() throws {
        let project = try TestProject()
        try project.write("pipelines/minutely.yaml", Self.minutely)
        let first = try startScheduler(project, clock: nil)
        defer {
            kill(first.process.processIdentifier, SIGTERM)
            first.process.waitUntilExit()
            _ = first.finish()
        }
        _ = wait(seconds: 10) {
            (try? String(contentsOf: first.stdoutURL, encoding: .utf8))?.contains("scheduler started") == true
        }
        let second = try project.run("scheduler", "--pipelines", "pipelines")
        #expect(second.status == 2)
        #expect(second.stderr.contains("another scheduler is already running on the store"))
    }

    @Test("bad schedules and triggers are validation errors, and the scheduler keeps running the other pipelines")
    func badInput() throws {
        let project = try TestProject()
        try project.write("pipelines/cron.yaml", "name: cron\nschedule: { cron: \"61 * * * *\" }\nsteps:\n  a: { uses: noop }\n")
        try project.write(
            "pipelines/zone.yaml",
            "name: zone\nschedule: { cron: \"0 3 * * *\", timezone: Mars/Olympus }\nsteps:\n  a: { uses: noop }\n")
        try project.write(
            "pipelines/orphan.yaml",
            "name: orphan\ntriggers:\n  - on_artifact: { pipeline: ghost, name: out }\nsteps:\n  a: { uses: noop }\n")
        try project.write("pipelines/a.yaml", Self.chain("a", after: "b"))
        try project.write("pipelines/b.yaml", Self.chain("b", after: "a"))
        try project.write("pipelines/minutely.yaml", Self.minutely)

        let cron = try project.run("validate", "pipelines/cron.yaml")
        #expect(cron.status == 2)
        #expect(cron.stderr.contains("pipelines/cron.yaml:2:19: invalid cron expression '61 * * * *': minute"))
        let zone = try project.run("validate", "pipelines/zone.yaml")
        #expect(zone.stderr.contains("pipelines/zone.yaml:2:42: unknown time zone 'Mars/Olympus'"))
        let orphan = try project.run("validate", "pipelines/orphan.yaml")
        #expect(
            orphan.stderr.contains(
                "pipelines/orphan.yaml:3:30: pipeline 'orphan' is triggered by pipeline 'ghost', which is not in"))
        let cycle = try project.run("validate", "pipelines/a.yaml", "pipelines/b.yaml")
        #expect(cycle.stderr.contains("triggers form a cycle"))

        let scheduler = try startScheduler(project, clock: "2026-01-01T00:00:50Z@1")
        let fired = try wait(seconds: 20) { try firings(project, "minutely").count >= 1 }
        kill(scheduler.process.processIdentifier, SIGTERM)
        scheduler.process.waitUntilExit()
        let log = scheduler.finish()
        #expect(fired)
        #expect(log.stdout.contains("not scheduling pipelines/cron.yaml"))
        #expect(log.stdout.contains("not scheduling pipelines/orphan.yaml"))
    }

    static let slowTrigger = """
        name: slow
        triggers:
          - on_artifact: { pipeline: source, name: out }
        steps:
          work:
            uses: command
            inputs: { input: trigger.artifact }
            run: echo started >> "$ORCHESTRATE_PROJECT_DIR/slow.log"; sleep 3; cp "$INPUT_input" "$OUTPUT_out"
            outputs: [out]
        """

    /// Publishes a new version on every run (cache off, new content).
    static let source =
        "name: source\nsteps:\n  make: { uses: command, run: date +%s%N > \"$OUTPUT_out\", outputs: [out], cache: false }\n"

    @Test("kill -9 of the scheduler during a run: the restarted scheduler resumes that run instead of starting another")
    func resumeAfterCrash() throws {
        let project = try TestProject()
        try project.write("pipelines/source.yaml", Self.source)
        try project.write("pipelines/slow.yaml", Self.slowTrigger)
        let first = try startScheduler(project, clock: nil)
        _ = wait(seconds: 10) {
            (try? String(contentsOf: first.stdoutURL, encoding: .utf8))?.contains("scheduler started") == true
        }
        // A manual run beside the scheduler publishes a new version; the scheduler fires on it.
        #expect(try project.run("run", "pipelines/source.yaml").status == 0)
        let started = wait(seconds: 15) { (try? project.read("slow.log")) == "started\n" }
        #expect(started)
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        _ = first.finish()
        let runs = try #require(try project.json("runs", "list", "--pipeline", "slow") as? [[String: Any]])
        #expect(runs.count == 1)
        #expect(runs.first?.string("status") == "interrupted")

        let second = try startScheduler(project, clock: nil)
        let finished = try wait(seconds: 20) {
            let now = try #require(try project.json("runs", "list", "--pipeline", "slow") as? [[String: Any]])
            return now.first?.string("status") == "succeeded"
        }
        kill(second.process.processIdentifier, SIGTERM)
        second.process.waitUntilExit()
        let log = second.finish()
        #expect(finished, "\(log.stdout)")
        #expect(log.stdout.contains("resuming run"))
        let after = try #require(try project.json("runs", "list", "--pipeline", "slow") as? [[String: Any]])
        #expect(after.count == 1)
        #expect(try project.read("slow.log") == "started\nstarted\n")
    }

    @Test("SIGTERM lets a running step finish within the grace period; past it, the run is cancelled")
    func gracefulStop() throws {
        let project = try TestProject()
        try project.write("pipelines/source.yaml", Self.source)
        try project.write("pipelines/slow.yaml", Self.slowTrigger)
        #expect(try project.run("scheduler", "--pipelines", "pipelines", "--once").status == 0)
        #expect(try project.run("run", "pipelines/source.yaml").status == 0)
        let patient = try startScheduler(project, clock: nil, extra: ["--grace", "20s"])
        _ = wait(seconds: 15) { (try? project.read("slow.log")) == "started\n" }
        kill(patient.process.processIdentifier, SIGTERM)
        patient.process.waitUntilExit()
        let log = patient.finish()
        #expect(log.status == 0)
        #expect(log.stdout.contains("stopping: waiting up to 20.0s for 1 run"))
        let runs = try #require(try project.json("runs", "list", "--pipeline", "slow") as? [[String: Any]])
        #expect(runs.first?.string("status") == "succeeded")

        #expect(try project.run("run", "pipelines/source.yaml").status == 0)
        let hasty = try startScheduler(project, clock: nil, extra: ["--grace", "500ms"])
        _ = wait(seconds: 15) { (try? project.read("slow.log")) == "started\nstarted\n" }
        kill(hasty.process.processIdentifier, SIGTERM)
        hasty.process.waitUntilExit()
        _ = hasty.finish()
        let after = try #require(try project.json("runs", "list", "--pipeline", "slow") as? [[String: Any]])
        #expect(after.first?.string("status") == "cancelled")
    }

    @Test("a pipeline file added while the scheduler runs is picked up without a restart")
    func picksUpNewFiles() throws {
        let project = try TestProject()
        try project.write("pipelines/other.yaml", "name: other\nsteps:\n  a: { uses: noop }\n")
        let scheduler = try startScheduler(project, clock: "2026-01-01T00:00:50Z@1")
        _ = wait(seconds: 10) {
            (try? String(contentsOf: scheduler.stdoutURL, encoding: .utf8))?.contains("scheduler started") == true
        }
        try project.write("pipelines/minutely.yaml", Self.minutely)
        let fired = try wait(seconds: 20) { try firings(project, "minutely") == ["2026-01-01T00:01:00Z"] }
        kill(scheduler.process.processIdentifier, SIGTERM)
        scheduler.process.waitUntilExit()
        _ = scheduler.finish()
        #expect(fired)
    }

    @Test("schedules list shows each scheduled or triggered pipeline with its last and next firing")
    func scheduleList() throws {
        let project = try TestProject()
        try project.write("pipelines/source.yaml", Self.source)
        try project.write("pipelines/slow.yaml", Self.slowTrigger)
        try project.write(
            "pipelines/nightly.yaml",
            "name: nightly\nschedule: { cron: \"0 3 * * *\", timezone: Europe/Paris }\nsteps:\n  a: { uses: noop }\n")
        let before = try #require(try project.json("schedules", "list") as? [String: Any])
        let pipelines = try #require(before["pipelines"] as? [[String: Any]])
        #expect(pipelines.map { $0["name"] as? String } == ["nightly", "slow"])
        #expect((pipelines[0]["next_firing"] as? String)?.hasSuffix(":00:00.000Z") == true)
        #expect(pipelines[1]["next_firing"] is NSNull)
        #expect((before["scheduler"] as? [String: Any])?["running"] as? Bool == false)

        #expect(try project.run("scheduler", "--pipelines", "pipelines", "--once").status == 0)
        #expect(try project.run("run", "pipelines/source.yaml").status == 0)
        #expect(try project.run("scheduler", "--pipelines", "pipelines", "--once").status == 0)
        let text = try project.run("schedules", "list")
        #expect(text.stdout.contains("scheduler: not running"))
        #expect(text.stdout.contains("on source/out"))
        #expect(text.stdout.contains("started run "))
        #expect(text.stdout.contains("cron 0 3 * * * (Europe/Paris)"))
    }
}
