import ArgumentParser
import ArtifactStore
import Orchestrator
import Steps

struct StepsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steps", abstract: "List the built-in step types, or show one's parameters and ports.",
        subcommands: [List.self, Show.self], defaultSubcommand: List.self)

    struct List: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "List step types.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let descriptors = BuiltInSteps.catalog.descriptors
            if global.json {
                Terminal.print(JSONText.pretty(.array(descriptors.map(StepJSON.object))))
                return
            }
            var table = Table("TYPE", "VERSION", "SUMMARY")
            for descriptor in descriptors {
                table.add(descriptor.type, String(descriptor.version), descriptor.summary)
            }
            Terminal.print(table.render())
        }
    }

    struct Show: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(
            abstract: "Show a step type's parameters (types and defaults), inputs and outputs.")

        @Argument(help: ArgumentHelp("The step type.", valueName: "type"))
        var type: String

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let catalog = BuiltInSteps.catalog
            guard let descriptor = catalog.step(type)?.descriptor else {
                throw CLIFailure(
                    message: "no step type '\(type)'" + (Suggestion.hint(for: type, in: catalog.types).map { " (\($0))" } ?? ""),
                    hint: "`orchestrate steps list` shows every step type")
            }
            if global.json {
                Terminal.print(JSONText.pretty(StepJSON.object(descriptor)))
                return
            }
            var lines = ["\(descriptor.type) (version \(descriptor.version))", "  \(descriptor.summary)", ""]
            if descriptor.parameters.isEmpty {
                lines.append("parameters: none")
            } else {
                var table = Table("  PARAMETER", "TYPE", "DEFAULT", "DESCRIPTION")
                // Long defaults (prompt templates) would stretch every row; they follow the table in full.
                var long: [(String, String)] = []
                for parameter in descriptor.parameters {
                    var shown = parameter.defaultValue.map { JSONText.compact($0) } ?? "(required)"
                    if shown.count > 72 {
                        long.append((parameter.name, parameter.defaultValue?.stringValue ?? shown))
                        shown = "(below)"
                    }
                    table.add("  " + parameter.name, parameter.kind.rawValue, shown, parameter.summary)
                }
                lines += ["parameters:", table.render()]
                for (name, text) in long {
                    lines +=
                        ["", "default \(name):"] + text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
                }
            }
            func ports(_ title: String, _ ports: [PortDescriptor], free: Bool, freeText: String) {
                lines.append("")
                if free { lines.append("\(title): \(freeText)"); return }
                if ports.isEmpty { lines.append("\(title): none"); return }
                lines.append("\(title):")
                for port in ports {
                    lines.append("  \(port.name) (\(port.type))\(port.optional ? ", optional" : ""): \(port.summary)")
                }
            }
            ports(
                "inputs", descriptor.inputs, free: descriptor.acceptsAnyInputs,
                freeText: "any names, given under 'inputs:' as step.output")
            ports(
                "outputs", descriptor.outputs, free: descriptor.declaresOutputs,
                freeText: "declared under 'outputs:' (a list of names, or name: type)")
            if descriptor.takesRun { lines += ["", "run: the shell command to execute (required)"] }
            Terminal.print(lines.joined(separator: "\n"))
        }
    }
}

enum StepJSON {
    static func object(_ descriptor: StepDescriptor) -> JSONValue {
        func ports(_ list: [PortDescriptor]) -> JSONValue {
            .array(
                list.map {
                    [
                        "name": .string($0.name), "type": .string($0.type), "summary": .string($0.summary),
                        "optional": .bool($0.optional),
                    ]
                })
        }
        return [
            "type": .string(descriptor.type), "version": .int(descriptor.version), "summary": .string(descriptor.summary),
            "parameters": .array(
                descriptor.parameters.map { parameter in
                    [
                        "name": .string(parameter.name), "type": .string(parameter.kind.rawValue),
                        "default": parameter.defaultValue ?? .null, "required": .bool(parameter.isRequired),
                        "summary": .string(parameter.summary),
                    ]
                }),
            "inputs": descriptor.acceptsAnyInputs ? "any" : ports(descriptor.inputs),
            "outputs": descriptor.declaresOutputs ? "declared" : ports(descriptor.outputs),
            "takes_run": .bool(descriptor.takesRun), "source": .bool(descriptor.isSource),
        ]
    }
}
