import ArtifactStore
import Foundation
import Hummingbird

extension Dashboard {
    func addPageRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/") { _, _ in Responses.redirect("/runs") }
        router.get("/runs") { request, _ in
            try page("runs", title: "Runs", section: .runs) {
                let parameters = Self.query(request).filter { !$0.value.isEmpty }
                return try RunsPage(store: store).context(query: try RunsPage.query(parameters), parameters: parameters)
            }
        }
        router.get("/runs/:id") { _, context in
            try page("run", title: "Run", section: .runs) {
                let run = try store.resolveRun(context.parameters.get("id") ?? "")
                return try RunPage(store: store, catalog: catalog).context(run)
            }
        }
        router.get("/pipelines") { _, _ in
            try page("pipelines", title: "Pipelines", section: .pipelines) {
                try PipelinesPage(store: store, folder: pipelines()).context()
            }
        }
        router.get("/artifacts") { request, _ in
            try page("artifacts", title: "Artifacts", section: .artifacts) {
                let parameters = Self.query(request).filter { !$0.value.isEmpty }
                return try ArtifactsPage(store: store).context(query: try ArtifactsPage.query(parameters), parameters: parameters)
            }
        }
        router.get("/artifacts/:id") { request, context in
            try page("artifact", title: "Artifact", section: .artifacts) {
                let artifact = try store.resolveArtifact(context.parameters.get("id") ?? "")
                return try ArtifactPage(store: store).context(artifact, hops: try Self.hops(Self.query(request)))
            }
        }
        router.get("/models") { _, _ in
            try page("models", title: "Models", section: .models) {
                try ModelsPage(store: store).context(chat: configuration.chatAvailable)
            }
        }
        router.get("/authors") { _, _ in
            try page("authors", title: "Authors", section: .authors) {
                try AuthorsPage(store: store, folder: pipelines(), projectDirectory: configuration.projectDirectory).context()
            }
        }
    }

    /// A page, or the error page with the status the failure calls for.
    func page(_ template: String, title: String, section: PageRenderer.Section, _ body: () throws -> [String: Any]) throws
        -> Response
    {
        do {
            return Responses.html(pages.page(template, title: title, section: section, context: try body()))
        } catch {
            let failure = DashboardError.from(error)
            return Responses.html(pages.error(failure), status: failure.status)
        }
    }

    static func query(_ request: Request) -> [String: String] {
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
        return parameters
    }

    static func hops(_ parameters: [String: String]) throws -> Int {
        guard let text = parameters["hops"], !text.isEmpty else { return ArtifactPage.defaultHops }
        guard let hops = Int(text), (0...10).contains(hops) else {
            throw DashboardError.badRequest("hops '\(text)' must be a whole number from 0 to 10")
        }
        return hops
    }
}
