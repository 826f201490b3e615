import ArtifactStore
import Foundation
import Hummingbird
import Orchestrator

/// The JSON API under `/api/`, described by `/api/openapi.json`.
extension Dashboard {
    func addAPIRoutes<Context: RequestContext>(to router: Router<Context>) {
        let guardian = WriteGuard(token: configuration.writeToken)
        router.get("/api/openapi.json") { _, _ in
            Responses.text(String(decoding: PackageResources.openapi_json, as: UTF8.self), type: "application/json")
        }
        router.get("/api/pipelines") { _, _ in api { try PipelinesPage(store: store, folder: pipelines()).json() } }
        router.get("/api/runs") { request, _ in
            api { try RunsPage(store: store).json(query: try RunsPage.query(Self.query(request))) }
        }
        router.get("/api/runs/:id") { _, context in
            api { try RunSummary.load(store, run: try store.resolveRun(context.parameters.get("id") ?? "")).json }
        }
        router.get("/api/artifacts") { request, _ in
            api { try ArtifactsPage(store: store).json(query: try ArtifactsPage.query(Self.query(request))) }
        }
        router.get("/api/artifacts/:id") { _, context in
            api { ArtifactJSON.object(try store.resolveArtifact(context.parameters.get("id") ?? "")) }
        }
        router.get("/api/artifacts/:id/lineage") { request, context in
            api {
                let artifact = try store.resolveArtifact(context.parameters.get("id") ?? "")
                return try ArtifactPage(store: store).json(artifact, hops: try Self.hops(Self.query(request)))
            }
        }
        router.get("/api/models") { _, _ in api { try ModelsPage(store: store).json() } }

        router.post("/api/pipelines/:name/runs") { request, context in
            await write {
                let body = try await guardian.body(of: request)
                let name = context.parameters.get("name") ?? ""
                guard let entry = pipelines().pipelines[name] else {
                    throw DashboardError.notFound("no valid pipeline '\(name)' in \(configuration.pipelinesFolder.path)")
                }
                var overrides: [(String, String)] = []
                if let parameters = body["parameters"] {
                    guard let object = parameters.objectValue else {
                        throw DashboardError.badRequest("'parameters' must be an object of parameter names to values")
                    }
                    overrides = object.sorted { $0.key < $1.key }.map { ($0.key, Formats.value($0.value)) }
                }
                let plan = try PipelineValidator(catalog: catalog).plan(
                    entry.spec, parameters: try ParameterOverrides.apply(overrides, to: entry.spec))
                return try await launcher.start(plan, projectDirectory: configuration.projectDirectory)
            }
        }
        router.post("/api/runs/:id/resume") { request, context in
            await write {
                _ = try await guardian.body(of: request)
                return try await launcher.resume(try store.resolveRun(context.parameters.get("id") ?? "").id)
            }
        }
        router.post("/api/runs/:id/reproduce") { request, context in
            await write {
                _ = try await guardian.body(of: request)
                return try await launcher.reproduce(try store.resolveRun(context.parameters.get("id") ?? "").id)
            }
        }
        router.post("/api/models/:name/promote") { request, context in
            do {
                let body = try await guardian.body(of: request)
                let name = context.parameters.get("name") ?? ""
                guard let version = body["version"]?.intValue else {
                    throw DashboardError.badRequest("send the version to promote as 'version', a whole number")
                }
                let alias = body["alias"]?.stringValue ?? ModelName.production
                let change = try store.promote(
                    model: name, version: version, alias: alias, reason: body["reason"]?.stringValue, by: "dashboard")
                let moved: Bool
                if case .moved = change { moved = true } else { moved = false }
                return Responses.json(
                    .object(["model": .string(name), "alias": .string(alias), "version": .int(version), "moved": .bool(moved)]))
            } catch {
                return Responses.apiError(error)
            }
        }
        router.put("/api/authors/:pipeline/links") { request, context in
            do {
                let body = try await guardian.body(of: request)
                guard let links = body["links"]?.arrayValue?.map({ $0.stringValue }), !links.contains(nil) else {
                    throw DashboardError.badRequest("send the links as 'links', a list of strings")
                }
                let page = AuthorsPage(store: store, folder: pipelines(), projectDirectory: configuration.projectDirectory)
                let collection = try page.collection(context.parameters.get("pipeline") ?? "")
                let saved = try page.save(links.compactMap { $0 }, to: collection)
                return Responses.json(
                    .object(["file": .string(collection.file.path), "links": .array(saved.map { .string($0) })]))
            } catch {
                return Responses.apiError(error)
            }
        }
        router.post("/api/authors/:pipeline/collect") { request, context in
            await write {
                _ = try await guardian.body(of: request)
                let page = AuthorsPage(store: store, folder: pipelines(), projectDirectory: configuration.projectDirectory)
                let collection = try page.collection(context.parameters.get("pipeline") ?? "")
                return try await launcher.start(collection.entry.plan, projectDirectory: configuration.projectDirectory)
            }
        }
    }

    func api(_ body: () throws -> JSONValue) -> Response {
        do { return Responses.json(try body()) } catch { return Responses.apiError(error) }
    }

    /// A write that starts a run: 202 with the run's id and page once the engine has recorded it.
    func write(_ body: () async throws -> String) async -> Response {
        do {
            let runID = try await body()
            return Responses.json(.object(["run_id": .string(runID), "url": .string("/runs/\(runID)")]), status: .accepted)
        } catch {
            return Responses.apiError(error)
        }
    }
}
