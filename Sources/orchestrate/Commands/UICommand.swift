import ArgumentParser
import Dashboard
import Foundation
import Server

struct UICommand: AsyncParsableCommand, UsesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "ui", abstract: "Serve the dashboard of the store and open it in the browser.",
        discussion: """
            Pipelines, runs (live while they progress), artifacts and their lineage, models and authors, in the
            browser, from this process: no model is loaded, only the store is read. The same pages are served
            by `orchestrate serve` under / beside the model, where the chat box can talk to it.
              orchestrate ui
              orchestrate ui --port 9000 --no-open
              TOKEN=... orchestrate ui --host 0.0.0.0 --token-env TOKEN
            Binding to an address other than loopback needs --token-env: runs, promotions and edits then need
            that token.
            """)

    @Option(name: .long, help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (0 picks a free one).")
    var port = 8090

    @Option(name: .long, help: ArgumentHelp("The folder of pipeline files the dashboard lists and runs.", valueName: "dir"))
    var pipelines = DashboardSetup.defaultPipelines

    @Option(name: .long, help: ArgumentHelp("The environment variable holding the token writes must carry.", valueName: "name"))
    var tokenEnv: String?

    @Flag(name: .long, help: "Print the address without opening a browser.")
    var noOpen = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, got \(port)") }
        if tokenEnv == nil, !ServerConfiguration.isLoopback(host) {
            throw ValidationError(
                "--host \(host) listens beyond this machine: pass --token-env with the variable that holds the token")
        }
    }

    func run() async throws {
        var token: String?
        if let tokenEnv {
            guard let value = ProcessInfo.processInfo.environment[tokenEnv], !value.isEmpty else {
                throw CLIFailure(
                    message: "environment variable \(tokenEnv) is not set", hint: "it must hold the token writes carry")
            }
            token = value
        }
        let dashboard = try DashboardSetup.make(global: global, pipelines: pipelines, writeToken: token, chat: false)
        let host = self.host
        let open = !noOpen
        do {
            try await DashboardServer(dashboard: dashboard, host: host, port: port).run(handleSignals: true) { port in
                let url = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/"
                Terminal.print("dashboard on \(url)")
                if open { Self.openBrowser(url) }
            }
        } catch let error as CLIFailure {
            throw error
        } catch {
            throw CLIFailure(message: "cannot serve on \(host):\(port): \(error)", code: ExitStatus.failed)
        }
    }

    /// `xdg-open` when the machine has it; a machine without a desktop just gets the printed address.
    static func openBrowser(_ url: String) {
        let candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        guard let opener = candidates.map({ "\($0)/xdg-open" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}
