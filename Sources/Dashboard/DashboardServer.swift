import Foundation
import Hummingbird

/// The dashboard on its own, without a model: what `orchestrate ui` serves. It needs only the store.
public struct DashboardServer: Sendable {
    public let dashboard: Dashboard
    public let host: String
    public let port: Int

    public init(dashboard: Dashboard, host: String, port: Int) {
        self.dashboard = dashboard
        self.host = host
        self.port = port
    }

    /// Serves until the task is cancelled (or SIGINT/SIGTERM when `handleSignals`); `onListening` gets the port.
    public func run(handleSignals: Bool = false, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let router = Router(context: BasicRequestContext.self)
        dashboard.addRoutes(to: router)
        router.get("/health") { _, _ in Responses.json(.object(["status": .string("ok")])) }
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "orchestrate"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) })
        if handleSignals {
            try await application.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } else {
            try await application.runService(gracefulShutdownSignals: [])
        }
    }
}
