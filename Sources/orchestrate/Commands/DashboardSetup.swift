import ArtifactStore
import Dashboard
import Foundation
import Hummingbird
import Server
import Steps

/// The dashboard as `serve` and `ui` build it: over the store of the global options, the project's
/// `pipelines/` folder, and the built-in steps.
enum DashboardSetup {
    static let defaultPipelines = "pipelines"

    static func make(global: GlobalOptions, pipelines: String, writeToken: String?, chat: Bool) throws -> Dashboard {
        let store = try global.openStore(create: true)
        let project = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let configuration = Dashboard.Configuration(
            pipelinesFolder: URL(fileURLWithPath: pipelines, relativeTo: project).standardizedFileURL,
            projectDirectory: project, writeToken: writeToken, chatAvailable: chat)
        do {
            return try Dashboard(store: store, catalog: BuiltInSteps.catalog, configuration: configuration)
        } catch {
            throw CLIFailure(message: "cannot build the dashboard's templates: \(error)", code: ExitStatus.failed)
        }
    }
}

/// The dashboard's routes on the inference server.
struct DashboardRoutes: ServerRoutes {
    let dashboard: Dashboard

    func addRoutes<Context: RequestContext>(to router: Router<Context>) { dashboard.addRoutes(to: router) }

    func owns(path: String) -> Bool { Dashboard.owns(path: path) }
}
