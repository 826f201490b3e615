import ArtifactStore
import Foundation
import Orchestrator
import Testing

/// "Why did this re-run": a step's cache key against the nearest earlier key of the same pipeline step.
@Suite("CacheExplanation")
struct CacheExplanationTests {
    static let pipeline = """
        name: explained
        parameters: { greeting: hello, suffix: "!", shout: true }
        steps:
          write: { uses: write, with: { text: "${params.greeting}" } }
          shout: { uses: upper, inputs: { text: write.out }, with: { suffix: "${params.suffix}" } }
          maybe: { uses: upper, inputs: { text: shout.out }, when: "params.shout" }
        """

    private func explain(_ step: String, in run: RunRecord, _ fixture: EngineFixture) throws -> CacheExplanation {
        try CacheExplanation.load(fixture.store, run: run, step: step)
    }

    @Test("a step that never ran before says so")
    func firstRun() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(try fixture.plan(Self.pipeline))

        let explanation = try explain("shout", in: run, fixture)

        #expect(explanation.verdict == .firstRun)
        #expect(explanation.comparedWith == nil)
        #expect(
            explanation.text == """
                step 'shout' of run \(Identifier.short(run.id)): succeeded, cache key \(explanation.stepRun.cacheKey!.prefix(12))
                ran for the first time: no earlier run of pipeline 'explained' computed a cache key for this step
                """)
    }

    @Test("a cached step names the run it reused")
    func reused() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let first = try await fixture.run(try fixture.plan(Self.pipeline))
        let second = try await fixture.run(try fixture.plan(Self.pipeline))

        let explanation = try explain("shout", in: second, fixture)

        #expect(explanation.verdict == .reused)
        #expect(explanation.comparedWith?.run == first.id)
        #expect(explanation.comparedWith?.stepRun == (try fixture.steps(of: first)["shout"]?.id))
        #expect(explanation.reason == "reused the outputs of run \(Identifier.short(first.id)) (same cache key)")
        #expect(explanation.json["verdict"] == "reused")
        #expect(explanation.json["compared_with"]?["run"] == .string(first.id))
    }

    @Test("a changed parameter is named with both values, and the steps after it name the input that changed")
    func changedParameter() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let first = try await fixture.run(try fixture.plan(Self.pipeline))
        let second = try await fixture.run(try fixture.plan(Self.pipeline, overrides: [("suffix", "?")]))

        let shout = try explain("shout", in: second, fixture)
        let maybe = try explain("maybe", in: second, fixture)

        #expect(shout.verdict == .changed)
        #expect(shout.comparedWith?.run == first.id)
        #expect(shout.differences.map(\.text) == ["parameter suffix: \"!\" → \"?\""])
        let before = try #require(try fixture.artifact("shout", in: first)).sha256
        let after = try #require(try fixture.artifact("shout", in: second)).sha256
        #expect(maybe.differences.map(\.text) == ["input text: sha256:\(before.prefix(12))… → sha256:\(after.prefix(12))…"])
        #expect(
            maybe.text.hasSuffix(
                "ran: its cache key differs from run \(Identifier.short(first.id))'s (\(maybe.comparedWith!.cacheKey!.prefix(12))), the nearest earlier key:\n  input text: sha256:\(before.prefix(12))… → sha256:\(after.prefix(12))…"
            ))
        #expect(maybe.json["differences"]?.arrayValue?.first?["kind"] == "input")
    }

    @Test("the nearest earlier key is the latest one, not the first")
    func nearestKey() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        try await fixture.run(try fixture.plan(Self.pipeline, overrides: [("suffix", "1")]))
        let second = try await fixture.run(try fixture.plan(Self.pipeline, overrides: [("suffix", "2")]))
        let third = try await fixture.run(try fixture.plan(Self.pipeline, overrides: [("suffix", "3")]))

        let explanation = try explain("shout", in: third, fixture)

        #expect(explanation.comparedWith?.run == second.id)
        #expect(explanation.differences.map(\.text) == ["parameter suffix: \"2\" → \"3\""])
    }

    @Test("with the cache off for the run or the step, the explanation says so")
    func cacheOff() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        try await fixture.run(try fixture.plan(Self.pipeline))
        let uncached = try await fixture.run(
            try fixture.plan(Self.pipeline), options: RunOptions(useCache: false, maxParallel: 2))
        let stepOff = try await fixture.run(
            try fixture.plan(
                Self.pipeline.replacingOccurrences(
                    of: "with: { suffix: \"${params.suffix}\" } }", with: "with: { suffix: \"${params.suffix}\" }, cache: false }"
                )))

        let run = try explain("shout", in: uncached, fixture)
        let step = try explain("shout", in: stepOff, fixture)

        #expect(run.verdict == .cacheOff)
        #expect(run.reason.hasPrefix("ran because the run was started with the cache off (--no-cache) (compared with run "))
        #expect(step.verdict == .cacheOff)
        #expect(step.reason.hasPrefix("ran because the step sets 'cache: false', so it always runs"))
    }

    @Test("the same key as an earlier run whose outputs are gone says which output is missing")
    func sameKeyMissingOutput() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let first = try await fixture.run(try fixture.plan(Self.pipeline))
        let artifact = try #require(try fixture.artifact("write", in: first))
        try fixture.store.blobs.remove(sha256: artifact.sha256)
        let second = try await fixture.run(try fixture.plan(Self.pipeline))

        let explanation = try explain("write", in: second, fixture)

        #expect(explanation.verdict == .sameKey)
        #expect(explanation.comparedWith?.run == first.id)
        #expect(
            explanation.reason
                == "ran although run \(Identifier.short(first.id)) had the same cache key: its output \(artifact.qualifiedName) was no longer stored"
        )
    }

    @Test("the same key as an earlier run whose results expired says so")
    func sameKeyExpired() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let pipeline = "name: stale\nsteps:\n  fetch: { uses: expiring, with: { text: news, lifetime: 0 } }\n"
        let first = try await fixture.run(try fixture.plan(pipeline))
        let second = try await fixture.run(try fixture.plan(pipeline))

        let explanation = try explain("fetch", in: second, fixture)

        #expect(fixture.recorder.count("fetch") == 2)
        #expect(explanation.verdict == .sameKey)
        #expect(explanation.comparedWith?.run == first.id)
        #expect(
            explanation.reason
                == "ran although run \(Identifier.short(first.id)) had the same cache key: its results had expired (the step reuses results only for a while, like crawl's max_age)"
        )
    }

    @Test("a step skipped by its guard has no key to explain")
    func skipped() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(try fixture.plan(Self.pipeline, overrides: [("shout", "false")]))

        let explanation = try explain("maybe", in: run, fixture)

        #expect(explanation.verdict == .noKey)
        #expect(explanation.reason == "skipped before its cache key was computed: when 'params.shout' is false")
        #expect(explanation.json["cache_key"] == .null)
    }

    @Test("a step the run does not have is refused with a suggestion")
    func unknownStep() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(try fixture.plan(Self.pipeline))

        let error = #expect(throws: RunStateError.self) { try explain("shuot", in: run, fixture) }

        #expect(error?.description == "run \(Identifier.short(run.id)) has no step 'shuot' (did you mean 'shout'?)")
    }
}
