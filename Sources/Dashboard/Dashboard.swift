import ArtifactStore
import Foundation
import Hummingbird
import Orchestrator

/// The dashboard: HTML pages for pipelines, runs, artifacts, models and authors, and the JSON API they
/// use, over one store and one project folder. It adds its routes to any Hummingbird router, so the
/// inference server and `orchestrate ui` serve the same pages.
public struct Dashboard: Sendable {
    public struct Configuration: Sendable {
        /// The folder whose `*.yaml` files the pipelines page lists and runs.
        public var pipelinesFolder: URL
        /// Where relative paths of pipeline parameters (a links file) are read from.
        public var projectDirectory: URL
        /// The token writes (run, resume, reproduce, promote, edit links) must carry as `Authorization:
        /// Bearer`; nil on a loopback address, where the machine's own users are trusted.
        public var writeToken: String?
        /// Where the chat box sends questions, when a model is served alongside ("" for this server).
        public var chatAvailable: Bool

        public init(pipelinesFolder: URL, projectDirectory: URL, writeToken: String? = nil, chatAvailable: Bool = false) {
            self.pipelinesFolder = pipelinesFolder
            self.projectDirectory = projectDirectory
            self.writeToken = writeToken
            self.chatAvailable = chatAvailable
        }
    }

    public let store: Store
    public let catalog: StepCatalog
    public let configuration: Configuration
    let launcher: RunLauncher
    let pages: PageRenderer

    public init(store: Store, catalog: StepCatalog, configuration: Configuration) throws {
        self.store = store
        self.catalog = catalog
        self.configuration = configuration
        launcher = RunLauncher(store: store, catalog: catalog)
        pages = try PageRenderer()
    }

    /// Whether a path belongs to the dashboard, which checks its own writes: a server that asks every request
    /// for a bearer token lets these through, since a browser cannot send one when it follows a link.
    public static func owns(path: String) -> Bool {
        path == "/"
            || ["/runs", "/pipelines", "/artifacts", "/models", "/authors", "/static/", "/api/"].contains {
                path == $0 || path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/")
            }
    }

    /// Adds the pages, the static files and the API.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        addPageRoutes(to: router)
        addAPIRoutes(to: router)
        addLiveRoutes(to: router)
        router.get("/static/:file") { _, context in
            guard let name = context.parameters.get("file"), let asset = StaticAssets.asset(named: name) else {
                return Responses.text("no such file", status: .notFound)
            }
            return Response(
                status: .ok, headers: [.contentType: asset.contentType, .cacheControl: "max-age=300"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: asset.bytes)))
        }
    }

    /// The pipelines of the project folder, parsed and validated, with the problems of those that are not valid.
    func pipelines() -> PipelineFolder {
        PipelineFolder.load(configuration.pipelinesFolder, catalog: catalog)
    }
}
