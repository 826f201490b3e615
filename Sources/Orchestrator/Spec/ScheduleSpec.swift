/// `schedule: { cron: "0 3 * * *", timezone: Europe/Paris, catch_up: latest, max_catch_up: 10 }`.
public struct ScheduleSpec: Sendable, Equatable {
    /// What to do with firings missed while no scheduler was running.
    public enum CatchUp: String, Sendable, CaseIterable {
        /// Skip them; fire only when a fire time is on time.
        case none
        /// Fire once for the most recent missed time.
        case latest
        /// Fire every missed time, up to `maxCatchUp` of the most recent.
        case all
    }

    public var cron: String
    /// An IANA time zone name.
    public var timezone: String
    public var catchUp: CatchUp
    public var maxCatchUp: Int
    public var location: SourceLocation?
    var cronLocation: SourceLocation?
    var timezoneLocation: SourceLocation?
}

/// `triggers: [{ on_artifact: { pipeline: P, name: A }, when: "artifact.count >= 500" }]`: run
/// once for every new version of artifact A published by pipeline P.
public struct TriggerSpec: Sendable, Equatable {
    public var pipeline: String
    /// An artifact name of P: `step.output`, or just the output when that is unambiguous.
    public var artifact: String
    /// A guard on the new version: `artifact.KEY` reads its metadata (`size`, `version`, `sha256`, `type` are always there).
    public var when: String?
    public var location: SourceLocation?
    var pipelineLocation: SourceLocation?
    var artifactLocation: SourceLocation?
    var whenLocation: SourceLocation?

    public init(pipeline: String, artifact: String, when: String? = nil) {
        self.pipeline = pipeline
        self.artifact = artifact
        self.when = when
    }

    init(pipeline: String, artifact: String, when: String?, location: SourceLocation?) {
        self.init(pipeline: pipeline, artifact: artifact, when: when)
        self.location = location
    }
}
