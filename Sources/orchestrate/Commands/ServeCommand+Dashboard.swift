import Dashboard
import Server

extension ServeCommand {
    /// The dashboard beside the model when a store is reachable: the same pages as `orchestrate ui`, with a
    /// chat box that talks to the model served here.
    func dashboardRoutes(apiKey: String?) throws -> [any ServerRoutes] {
        guard global.storeExists else { return [] }
        let dashboard = try DashboardSetup.make(
            global: global, pipelines: DashboardSetup.defaultPipelines, writeToken: apiKey, chat: true)
        return [DashboardRoutes(dashboard: dashboard)]
    }
}
