import ArgumentParser
import ArtifactStore
import Orchestrator

extension LineageRenderer.Format: ExpressibleByArgument {}

struct LineageCommand: ParsableCommand, UsesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "lineage", abstract: "Show where an artifact came from, or what was made from it.")

    @Argument(
        help: ArgumentHelp("The artifact: id prefix, name, name@3, pipeline/name@latest or sha256:PREFIX.", valueName: "ref"))
    var reference: String

    @Flag(name: .long, help: "What it was made from (the default).")
    var upstream = false

    @Flag(name: .long, help: "What was made from it.")
    var downstream = false

    @Option(name: .long, help: "tree (the default), dot (Graphviz) or json (the same as --json).")
    var format: LineageRenderer.Format?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if upstream && downstream { throw ValidationError("choose one of --upstream and --downstream") }
        if global.json, let format, format != .json {
            throw ValidationError("--json and --format \(format.rawValue) do not go together: choose one")
        }
    }

    func run() throws {
        let store = try global.openStore()
        let artifact = try store.resolveArtifact(reference)
        let graph = try store.lineage(of: artifact, direction: downstream ? .downstream : .upstream)
        Terminal.print(LineageRenderer.render(graph, as: global.json ? .json : format ?? .tree))
    }
}
