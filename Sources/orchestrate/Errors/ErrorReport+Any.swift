import ArtifactStore
import Compute
import Foundation
import Generation
import Orchestrator

extension ErrorReport {
    /// The report for any error a command can meet. Every error type of the libraries has its own
    /// rendering; anything else is still one line, with a hint that it deserves a better message.
    init(_ error: any Error) {
        switch error {
        case let failure as CLIFailure:
            self.init(message: failure.message, hint: failure.hint, exitCode: failure.code)
        case let failure as PipelineError: self.init(failure)
        case let failure as ParameterOverrides.Failure:
            self.init(message: failure.description, hint: failure.hint)
        case let failure as RunStateError:
            self.init(message: failure.description, hint: failure.hint)
        case let failure as CronError:
            self.init(
                message: "invalid cron expression: \(failure.message)",
                hint: "cron takes five fields (minute hour day-of-month month day-of-week) or a macro such as @daily")
        case let failure as StateRecordingError:
            self.init(
                message: failure.description, hint: "the run is resumable once the store can be written: orchestrate resume RUN",
                exitCode: ExitStatus.failed)
        case let failure as TrainingError:
            self.init(message: failure.message)
        case let failure as SchedulerLease.Held:
            self.init(message: failure.description)
        case let failure as StoreError: self.init(failure)
        case let failure as RegistryError:
            self.init(message: failure.description, hint: failure.hint)
        case let failure as GenerationError:
            self.init(message: failure.message, exitCode: ExitStatus.failed)
        case is CancellationError:
            self.init(message: "cancelled", exitCode: ExitStatus.interrupted)
        default:
            if let report = Self.compute(error) ?? Self.foundation(error) {
                self = report
            } else {
                self.init(
                    message: "\(String(describing: error))",
                    hint: "this error has no explanation of its own yet; --verbose shows what is known about it",
                    details: "\(String(reflecting: type(of: error))): \(String(reflecting: error))")
            }
        }
        if details == nil {
            details = "\(String(reflecting: type(of: error))): \(String(reflecting: error))"
        }
    }

    /// Every problem of a pipeline file, one `FILE:LINE:COL: message (hint)` line each.
    init(_ failure: PipelineError) {
        self.init(message: "")
        diagnostics = failure.diagnostics.map(\.description)
    }
}
