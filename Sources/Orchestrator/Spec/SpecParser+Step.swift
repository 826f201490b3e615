import ArtifactStore

extension SpecParser {
    mutating func parseStep(name: String, at nameLocation: SourceLocation, _ node: SpecNode) -> StepSpec? {
        guard case .mapping(let pairs, _) = node else {
            report("step '\(name)' must be a mapping with at least 'uses'", at: node.location)
            return nil
        }
        var step = StepSpec(
            name: name, uses: "", description: nil, with: [:], inputs: [:], outputs: [], after: [], retries: 0,
            retryDelay: 1, timeout: nil, cache: true, when: nil, run: nil, register: nil,
            locations: ["step": nameLocation])
        for (key, keyLocation, value) in pairs {
            step.locations[key] = value.location
            switch key {
            case "uses":
                step.uses = string(value, what: "'uses'") ?? ""
            case "description":
                step.description = string(value, what: "'description'")
            case "with":
                guard case .mapping(let entries, _) = value else {
                    report("'with' of step '\(name)' must be a mapping of parameter names to values", at: value.location)
                    continue
                }
                for (parameter, parameterLocation, parameterValue) in entries {
                    step.with[parameter] = parameterValue.value
                    step.locations["with.\(parameter)"] = parameterValue.location
                    step.locations["with.\(parameter).key"] = parameterLocation
                }
            case "inputs":
                parseInputs(value, into: &step)
            case "outputs":
                parseOutputs(value, into: &step)
            case "after":
                parseAfter(value, into: &step)
            case "retries":
                if case .int(let count) = value.value, (0...100).contains(count) {
                    step.retries = count
                } else {
                    report("'retries' must be a whole number from 0 to 100", at: value.location)
                }
            case "retry_delay", "timeout":
                guard let seconds = durationSeconds(value) else {
                    report("'\(key)' is not a duration", at: value.location, hint: "write it like 30s, 500ms, 15m, 2h or 1h30m")
                    continue
                }
                guard seconds <= DurationParser.longest else {
                    report("'\(key)' is longer than a year", at: value.location)
                    continue
                }
                if key == "timeout" {
                    if seconds <= 0 { report("'timeout' must be longer than zero", at: value.location) }
                    step.timeout = seconds
                } else {
                    step.retryDelay = seconds
                }
            case "cache":
                guard case .bool(let flag) = value.value else {
                    report("'cache' must be true or false", at: value.location)
                    continue
                }
                step.cache = flag
            case "when":
                step.when = string(value, what: "'when'")
            case "run":
                step.run = string(value, what: "'run'")
            case "executor":
                step.executor = parseExecutor(value, of: "step '\(name)'")
            case "resources":
                step.resources = parseResources(value, of: "step '\(name)'")
            case "register":
                guard let model = string(value, what: "'register'") else { continue }
                if let problem = ModelName.problem(model: model) {
                    report("'register' of step '\(name)': \(problem)", at: value.location)
                } else {
                    step.register = model
                }
            default:
                report(
                    "unknown key '\(key)' in step '\(name)'", at: keyLocation,
                    hint: Suggestion.hint(for: key, in: Self.stepKeys)
                        ?? "expected one of: \(Self.stepKeys.joined(separator: ", "))")
            }
        }
        if !pairs.contains(where: { $0.key == "uses" }) {
            report(
                "step '\(name)' has no 'uses': say which step type it runs", at: nameLocation,
                hint: "`orchestrate steps list` shows the types")
        }
        return step
    }

    private func durationSeconds(_ node: SpecNode) -> Double? {
        switch node.value {
        case .int(let seconds): return seconds >= 0 ? Double(seconds) : nil
        case .double(let seconds): return seconds >= 0 && seconds.isFinite ? seconds : nil
        case .string(let text): return DurationParser.seconds(text)
        default: return nil
        }
    }

    private mutating func parseInputs(_ node: SpecNode, into step: inout StepSpec) {
        guard case .mapping(let entries, _) = node else {
            report("'inputs' of step '\(step.name)' must map input names to step.output", at: node.location)
            return
        }
        for (input, inputLocation, value) in entries {
            guard NamePattern.port.matches(input) else {
                report("input name '\(input)' \(NamePattern.port.rule)", at: inputLocation)
                continue
            }
            guard case .scalar(let text, _, let location) = value else {
                report("input '\(input)' must be written as step.output", at: value.location)
                continue
            }
            if ArtifactInput.looksLikeReference(text) {
                do throws(ArtifactInput.Problem) {
                    step.inputs[input] = InputBinding(reading: try ArtifactInput(parsing: text))
                    step.locations["inputs.\(input)"] = location
                } catch {
                    report(
                        "input '\(input)' reads '\(text)': \(error.reason)", at: location,
                        hint: "another pipeline's artifact is written pipeline/step.output, optionally with @latest or @VERSION")
                }
                continue
            }
            let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                report("input '\(input)' reads '\(text)': expected step.output, like clean.documents", at: location)
                continue
            }
            step.inputs[input] = InputBinding(step: parts[0], output: parts[1])
            step.locations["inputs.\(input)"] = location
        }
    }

    private mutating func parseOutputs(_ node: SpecNode, into step: inout StepSpec) {
        func add(_ name: String, type: String, at location: SourceLocation) {
            guard NamePattern.port.matches(name) else {
                report("output name '\(name)' \(NamePattern.port.rule)", at: location)
                return
            }
            if step.outputs.contains(where: { $0.name == name }) {
                report("output '\(name)' is declared twice", at: location)
                return
            }
            step.outputs.append(OutputDeclaration(name: name, type: type))
            step.locations["outputs.\(name)"] = location
        }
        switch node {
        case .sequence(let items, _):
            for item in items {
                if case .scalar(let name, _, let location) = item {
                    add(name, type: "file", at: location)
                } else {
                    report("each output is a name", at: item.location)
                }
            }
        case .mapping(let entries, _):
            for (name, location, typeNode) in entries {
                guard case .scalar(let type, _, _) = typeNode, !type.isEmpty else {
                    report("output '\(name)' maps to its artifact type, like report or dataset", at: typeNode.location)
                    continue
                }
                add(name, type: type, at: location)
            }
        case .scalar(let name, _, let location):
            add(name, type: "file", at: location)
        }
    }

    private mutating func parseAfter(_ node: SpecNode, into step: inout StepSpec) {
        let items: [SpecNode]
        switch node {
        case .sequence(let list, _): items = list
        case .scalar: items = [node]
        case .mapping: report("'after' must be a list of step names", at: node.location); return
        }
        for item in items {
            guard case .scalar(let name, _, let location) = item else {
                report("'after' must be a list of step names", at: item.location)
                continue
            }
            step.locations["after.\(step.after.count)"] = location
            step.after.append(name)
        }
    }
}
