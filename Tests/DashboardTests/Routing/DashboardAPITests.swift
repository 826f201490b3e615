import ArtifactStore
import Foundation
import Testing

@testable import Dashboard

@Suite("Dashboard API and pages", .serialized)
struct DashboardAPITests {
    @Test("a run started through the API runs in the background, and its page shows the DAG with every step")
    func runFromAPI() async throws {
        let fixture = try await DashboardFixture()
        defer { fixture.stop() }
        let started = try await fixture.send(
            "POST", "/api/pipelines/demo/runs", json: #"{"parameters": {"greeting": "hi there"}}"#)
        #expect(started.status == 202)
        let id = try #require(try fixture.json(started)["run_id"]?.stringValue)
        let run = try await fixture.waitForRun(id)
        #expect(run["status"]?.stringValue == "succeeded")
        #expect(run["parameters"]?["greeting"]?.stringValue == "hi there")
        #expect(run["steps"]?.arrayValue?.map { $0["name"]?.stringValue ?? "" } == ["make", "shout", "done"])

        let page = String(decoding: try await fixture.get("/runs/\(id)").body, as: UTF8.self)
        for step in ["make", "shout", "done"] {
            #expect(page.contains("data-node=\"\(step)\""), "the DAG has a node for \(step)")
        }
        #expect(page.contains("class=\"node step status-succeeded\""))
        #expect(page.contains("data-from=\"make\" data-to=\"shout\""))
        #expect(page.contains("making hi there"), "the finished step's log is on the page")
        #expect(page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gantt\""))

        let again = try await fixture.send("POST", "/api/pipelines/demo/runs", json: #"{"parameters": {"greeting": "hi there"}}"#)
        let second = try await fixture.waitForRun(try #require(try fixture.json(again)["run_id"]?.stringValue))
        #expect(second["steps"]?.arrayValue?.first?["status"]?.stringValue == "cached")
        let secondPage = String(decoding: try await fixture.get("/runs/\(second["id"]!.stringValue!)").body, as: UTF8.self)
        #expect(secondPage.contains("status-cached cached"), "a cached step is marked in the DAG")
        #expect(secondPage.contains("reused the outputs of"), "the page says why a step was cached")
    }

    @Test("the runs list filters by pipeline and status and pages through the runs")
    func runsList() async throws {
        let fixture = try await DashboardFixture()
        defer { fixture.stop() }
        let demo = try fixture.json(try await fixture.send("POST", "/api/pipelines/demo/runs", json: "{}"))["run_id"]!
            .stringValue!
        let broken = try fixture.json(try await fixture.send("POST", "/api/pipelines/broken/runs", json: "{}"))["run_id"]!
            .stringValue!
        _ = try await fixture.waitForRun(demo)
        #expect(try await fixture.waitForRun(broken)["status"]?.stringValue == "failed")

        let failed = try fixture.json(try await fixture.get("/api/runs?status=failed"))
        #expect(failed["total"]?.intValue == 1)
        #expect(failed["runs"]?.arrayValue?.first?["id"]?.stringValue == broken)
        let page = try fixture.json(try await fixture.get("/api/runs?limit=1&offset=1"))
        #expect(page["total"]?.intValue == 2)
        #expect(page["runs"]?.arrayValue?.count == 1)
        #expect(page["runs"]?.arrayValue?.first?["id"]?.stringValue == demo, "newest first: the second is the older")

        let html = String(decoding: try await fixture.get("/runs?pipeline=broken").body, as: UTF8.self)
        #expect(html.contains("/runs/\(broken)"))
        #expect(!html.contains("/runs/\(demo)"))
        let bad = try await fixture.get("/api/runs?status=exploded")
        #expect(bad.status == 400)
        #expect(try fixture.json(bad)["error"]?["message"]?.stringValue?.contains("status 'exploded'") == true)
    }

    @Test("a failed run resumes from the page's API and its step is tried again")
    func resume() async throws {
        let fixture = try await DashboardFixture()
        defer { fixture.stop() }
        let id = try fixture.json(try await fixture.send("POST", "/api/pipelines/broken/runs", json: "{}"))["run_id"]!
            .stringValue!
        _ = try await fixture.waitForRun(id)
        let resumed = try await fixture.send("POST", "/api/runs/\(id)/resume", json: "{}")
        #expect(resumed.status == 202)
        #expect(try fixture.json(resumed)["run_id"]?.stringValue == id)
        let run = try await fixture.waitForRun(id)
        #expect(run["steps"]?.arrayValue?.first?["attempt"]?.intValue == 2)
    }

    @Test("pipelines, artifacts, lineage and models answer in JSON and as pages")
    func readPages() async throws {
        let fixture = try await DashboardFixture()
        defer { fixture.stop() }
        let id = try fixture.json(try await fixture.send("POST", "/api/pipelines/demo/runs", json: "{}"))["run_id"]!.stringValue!
        let run = try await fixture.waitForRun(id)
        let pipelines = try fixture.json(try await fixture.get("/api/pipelines"))
        #expect(pipelines["pipelines"]?.arrayValue?.map { $0["name"]?.stringValue ?? "" } == ["broken", "demo", "train"])
        let pipelinesPage = String(decoding: try await fixture.get("/pipelines").body, as: UTF8.self)
        #expect(pipelinesPage.contains("Writes a greeting, shouts it, and joins."))
        #expect(pipelinesPage.contains("name=\"greeting\" value=\"hello\""))
        #expect(pipelinesPage.contains("0 3 * * *"))

        let loud = try #require(run["steps"]?.arrayValue?[1]["outputs"]?.arrayValue?.first?["id"]?.stringValue)
        let lineage = try fixture.json(try await fixture.get("/api/artifacts/\(loud)/lineage?hops=2"))
        #expect(Set(lineage["step_runs"]?.arrayValue?.compactMap { $0["step"]?.stringValue } ?? []) == ["make", "shout"])
        #expect(lineage["artifacts"]?.arrayValue?.count == 2)
        let artifactPage = String(decoding: try await fixture.get("/artifacts/\(loud)").body, as: UTF8.self)
        #expect(artifactPage.contains("demo/shout.loud@1"))
        #expect(artifactPage.contains("demo/make.text@1"), "the lineage graph shows the upstream artifact")
        #expect(artifactPage.contains("HELLO"), "the preview shows the content")
        #expect(try fixture.json(try await fixture.get("/api/artifacts?pipeline=demo"))["total"]?.intValue == 2)
        #expect(try await fixture.get("/api/artifacts/nothing-like-this").status == 404)
        #expect(try fixture.json(try await fixture.get("/api/models"))["models"]?.arrayValue?.isEmpty == true)
        #expect(try await fixture.get("/models").status == 200)
        #expect(try await fixture.get("/runs/ffffffff").status == 404)
    }

    @Test("the links editor saves the links file and collect runs the pipeline that reads it")
    func links() async throws {
        let fixture = try await DashboardFixture()
        defer { fixture.stop() }
        let saved = try await fixture.send(
            "PUT", "/api/authors/demo/links",
            json: #"{"links": ["https://example.com/feed.xml", "https://github.com/ada/notes"]}"#)
        #expect(saved.status == 200)
        let text = try String(contentsOf: fixture.folder.url.appendingPathComponent("links.txt"), encoding: .utf8)
        #expect(text == "# links of Ada\nhttps://example.com/feed.xml\nhttps://github.com/ada/notes\n")
        let page = String(decoding: try await fixture.get("/authors").body, as: UTF8.self)
        #expect(page.contains("Ada Example"))
        #expect(page.contains("https://github.com/ada/notes"))
        let collected = try await fixture.send("POST", "/api/authors/demo/collect", json: "{}")
        #expect(collected.status == 202)
        let run = try await fixture.waitForRun(try #require(try fixture.json(collected)["run_id"]?.stringValue))
        #expect(run["pipeline"]?.stringValue == "demo")
        #expect(try await fixture.send("PUT", "/api/authors/nobody/links", json: #"{"links": []}"#).status == 404)
        #expect(try await fixture.send("PUT", "/api/authors/demo/links", json: #"{"links": ["a\nb"]}"#).status == 400)
    }

    @Test("writes need the token beyond loopback and a JSON body; reads stay open")
    func writeGuard() async throws {
        let fixture = try await DashboardFixture(token: "s3cret")
        defer { fixture.stop() }
        let anonymous = try await fixture.send(
            "POST", "/api/pipelines/demo/runs", json: "{}", headers: ["Content-Type": "application/json"])
        #expect(anonymous.status == 401)
        let wrong = try await fixture.send(
            "POST", "/api/pipelines/demo/runs", json: "{}",
            headers: ["Content-Type": "application/json", "Authorization": "Bearer nope"])
        #expect(wrong.status == 401)
        let form = try await fixture.send(
            "POST", "/api/pipelines/demo/runs", json: "a=b",
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Authorization": "Bearer s3cret"])
        #expect(form.status == 415)
        #expect(try await fixture.get("/runs").status == 200)
        #expect(try fixture.store.runs(matching: RunQuery()).total == 0, "no refused write started a run")
        #expect(try await fixture.send("POST", "/api/pipelines/demo/runs", json: "{}").status == 202)
    }

    @Test("no URL reaches a file outside the store and the project's pipeline and links files")
    func paths() async throws {
        let fixture = try await DashboardFixture()
        defer { fixture.stop() }
        #expect(try await fixture.get("/static/dashboard.css").status == 200)
        #expect(try await fixture.get("/static/..%2F..%2FPackage.swift").status == 404)
        #expect(try await fixture.get("/static/%2Fetc%2Fpasswd").status == 404)
        #expect(try await fixture.get("/api/runs/..%2F..%2Fetc/steps/passwd/log").status == 404)
        let unknown = try await fixture.send("POST", "/api/pipelines/..%2F..%2Fetc%2Fpasswd/runs", json: "{}")
        #expect(unknown.status == 404)
    }

    @Test("the OpenAPI document is served and lists every API route")
    func openAPI() async throws {
        let fixture = try await DashboardFixture()
        defer { fixture.stop() }
        let document = try fixture.json(try await fixture.get("/api/openapi.json"))
        let paths = Set(document["paths"]?.objectValue?.keys.map { $0 } ?? [])
        #expect(paths.contains("/api/runs/{id}/resume"))
        #expect(paths.contains("/api/artifacts/{id}/lineage"))
        #expect(document["openapi"]?.stringValue == "3.1.0")
    }

    @Test("a reproduced run's page shows the match report against the original")
    func reproduce() async throws {
        let fixture = try await DashboardFixture()
        defer { fixture.stop() }
        let id = try fixture.json(try await fixture.send("POST", "/api/pipelines/demo/runs", json: "{}"))["run_id"]!.stringValue!
        _ = try await fixture.waitForRun(id)
        let reproduced = try await fixture.send("POST", "/api/runs/\(id)/reproduce", json: "{}")
        #expect(reproduced.status == 202)
        let copy = try #require(try fixture.json(reproduced)["run_id"]?.stringValue)
        #expect(copy != id)
        #expect(try await fixture.waitForRun(copy)["trigger"]?.stringValue == "reproduce")
        let page = String(decoding: try await fixture.get("/runs/\(copy)").body, as: UTF8.self)
        #expect(page.contains("Reproduction of <a href=\"/runs/\(id)\">"))
        #expect(page.contains("every output matches"))
        #expect(!page.contains("verdict-differs"))
    }

    @Test("the models page lists a registered model's versions, and promote moves an alias")
    func models() async throws {
        let fixture = try await DashboardFixture()
        defer { fixture.stop() }
        let id = try fixture.json(try await fixture.send("POST", "/api/pipelines/train/runs", json: "{}"))["run_id"]!.stringValue!
        #expect(try await fixture.waitForRun(id)["status"]?.stringValue == "succeeded")
        let models = try fixture.json(try await fixture.get("/api/models"))
        #expect(models["models"]?.arrayValue?.first?["name"]?.stringValue == "twin")
        #expect(models["models"]?.arrayValue?.first?["versions"]?.arrayValue?.first?["run"]?.stringValue == id)
        let promoted = try await fixture.send("POST", "/api/models/twin/promote", json: #"{"version": 1, "alias": "staging"}"#)
        #expect(promoted.status == 200)
        #expect(try fixture.json(promoted)["moved"]?.boolValue == true)
        #expect(
            try fixture.json(try await fixture.get("/api/models"))["models"]?.arrayValue?.first?["aliases"]?["staging"]?.intValue
                == 1)
        let page = String(decoding: try await fixture.get("/models").body, as: UTF8.self)
        #expect(page.contains("staging → v1"))
        #expect(page.contains("Promote to production"))
        let missing = try await fixture.send("POST", "/api/models/twin/promote", json: #"{"version": 7}"#)
        #expect(missing.status == 404 || missing.status == 409)
        #expect(try fixture.json(missing)["error"]?["message"]?.stringValue?.isEmpty == false)
    }
}
