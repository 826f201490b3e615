import ArtifactStore
import Foundation
import Orchestrator
import Testing

/// Which parameters make a step's cache key: every one by default; one added with its old behaviour as its
/// default only when set to something else; one that says where the work runs, never.
@Suite("Parameter keying")
struct ParameterKeyingTests {
    static func pipeline(_ with: String) -> String {
        """
        name: keyed
        steps:
          write: { uses: keyed, with: { text: hello\(with) } }
        """
    }

    func key(_ fixture: EngineFixture, _ with: String) async throws -> (String?, StepStatus?) {
        let run = try await fixture.run(try fixture.plan(Self.pipeline(with)))
        let step = try fixture.steps(of: run)["write"]
        return (step?.cacheKey, step?.status)
    }

    @Test("a parameter keyed except at its default leaves the key as it was at the default, and changes it otherwise")
    func exceptDefault() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let (plain, _) = try await key(fixture, "")
        let (explicit, status) = try await key(fixture, ", mode: plain")
        #expect(explicit == plain)
        #expect(status == .cached)
        let (other, otherStatus) = try await key(fixture, ", mode: fancy")
        #expect(other != plain)
        #expect(otherStatus == .succeeded)
        #expect(fixture.recorder.count("write") == 2)
    }

    @Test("a parameter that is never keyed changes nothing: the step stays cached")
    func never() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let (first, _) = try await key(fixture, "")
        let (second, status) = try await key(fixture, ", place: /opt/elsewhere")
        #expect(second == first)
        #expect(status == .cached)
        #expect(fixture.recorder.count("write") == 1)
    }

    @Test("an always-keyed parameter changes the key")
    func always() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let (first, _) = try await key(fixture, "")
        let (second, _) = try await key(fixture, " world")
        #expect(first != second)
    }

    @Test("isKeyed follows the parameter's keying")
    func descriptorKeying() {
        let exceptDefault = ParameterDescriptor("m", .string, default: "a", "", keying: .exceptDefault)
        #expect(!exceptDefault.isKeyed("a"))
        #expect(exceptDefault.isKeyed("b"))
        #expect(!ParameterDescriptor("p", .string, default: "", "", keying: .never).isKeyed("x"))
        #expect(ParameterDescriptor("t", .string, "").isKeyed("x"))
    }
}
