import ArgumentParser
import ArtifactStore
import Foundation
import Orchestrator
import Steps

struct SchedulerCommand: AsyncParsableCommand, UsesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "scheduler", abstract: "Run pipelines on their schedules and triggers until stopped.",
        discussion: """
            Watches the pipeline folder and picks up added, changed and removed files without a restart.
            Every firing is recorded before its run starts, so a restarted scheduler neither skips nor
            repeats one. One scheduler per store. SIGTERM or Ctrl-C stops firing and lets running steps
            finish within --grace; a second signal cancels them.
            ORCHESTRATE_CLOCK=2026-01-01T00:00:00Z@60 starts the scheduler's clock at that instant,
            running 60 times faster (for trying schedules out).
            """)

    @Option(name: .long, help: ArgumentHelp("The folder of pipeline files to watch.", valueName: "dir"))
    var pipelines = "pipelines"

    @Flag(name: .long, help: "Fire what is due now, wait for those runs and what they trigger, then exit.")
    var once = false

    @Option(name: .long, help: ArgumentHelp("Runs at once.", valueName: "n"))
    var maxRuns = 2

    @Option(name: .long, help: ArgumentHelp("How long a stop waits for running steps (e.g. 30s, 5m).", valueName: "duration"))
    var grace = "30s"

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        try global.refuseJSON("the scheduler prints a log line per event until it is stopped")
        if maxRuns < 1 { throw ValidationError("--max-runs must be at least 1") }
        if DurationParser.seconds(grace) == nil { throw ValidationError("--grace '\(grace)' is not a duration (like 30s or 5m)") }
    }

    func run() async throws {
        let folder = URL(fileURLWithPath: pipelines)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw CLIFailure(message: "no pipeline folder at \(pipelines)/", hint: "--pipelines DIR names the folder to watch")
        }
        let environment = ProcessInfo.processInfo.environment
        var clock: any SchedulerClock = SystemClock()
        if let text = environment["ORCHESTRATE_CLOCK"], !text.isEmpty {
            guard let scaled = ScaledClock(parsing: text) else {
                throw CLIFailure(
                    message: "ORCHESTRATE_CLOCK '\(text)' is not ISO8601[@SPEED]",
                    hint: "write it like 2026-01-01T00:00:00Z@60, or unset it to use the real clock")
            }
            clock = scaled
        }
        var options = SchedulerDaemon.Options(folder: folder)
        options.once = once
        options.maxConcurrentRuns = maxRuns
        options.grace = DurationParser.seconds(grace) ?? 30
        options.pauseBeforeStart = environment["ORCHESTRATE_SCHEDULER_PAUSE_BEFORE_START"].flatMap(Double.init) ?? 0
        let store = try global.openStore(create: true)
        let daemon = SchedulerDaemon(store: store, catalog: BuiltInSteps.catalog, clock: clock, options: options) { line in
            let stamp = Timestamp.iso(Store.now())
            FileHandle.standardOutput.write(Data("[\(stamp)] \(line)\n".utf8))
        }
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { daemon.requestStop() }
            source.resume()
            sources.append(source)
        }
        defer { sources.forEach { $0.cancel() } }
        do {
            try await daemon.run()
        } catch let held as SchedulerLease.Held {
            throw CLIFailure(message: held.description, hint: "`orchestrate schedules list` shows the running scheduler")
        }
    }
}
