import ArtifactStore
import Foundation
import Hummingbird
import Orchestrator

/// A request the dashboard cannot answer as asked: the HTTP status and a sentence saying what to do.
struct DashboardError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    static func notFound(_ message: String) -> DashboardError { DashboardError(.notFound, message) }
    static func badRequest(_ message: String) -> DashboardError { DashboardError(.badRequest, message) }

    /// Errors of the store and the engine keep their message; lookups that found nothing are 404s, problems
    /// with what was sent 400s, conflicts with a run's state 409s.
    static func from(_ error: any Error) -> DashboardError {
        switch error {
        case let error as DashboardError: return error
        case let error as StoreError:
            switch error {
            case .notFound: return DashboardError(.notFound, "\(error)")
            case .ambiguous, .invalidReference: return DashboardError(.badRequest, "\(error)")
            default: return DashboardError(.internalServerError, "\(error)")
            }
        case let error as RegistryError: return DashboardError(.conflict, "\(error)")
        case let error as RunStateError: return DashboardError(.conflict, error.description)
        case let error as ParameterOverrides.Failure: return DashboardError(.badRequest, error.description)
        case let error as PipelineError: return DashboardError(.badRequest, error.description)
        default: return DashboardError(.internalServerError, "\(error)")
        }
    }
}
