import ArtifactStore
import Foundation

/// Checks a parsed pipeline against the step catalog and turns it into an `ExecutionPlan`.
///
/// Every problem is reported with its location and, where one exists, a suggestion: unknown step
/// types, parameters and inputs, references to missing steps or outputs, wrong parameter types,
/// bad `when` guards and cycles. Nothing runs until the whole file is clean.
public struct PipelineValidator {
    public let catalog: StepCatalog

    public init(catalog: StepCatalog) {
        self.catalog = catalog
    }

    public func plan(_ spec: PipelineSpec, parameters: [String: JSONValue]? = nil) throws -> ExecutionPlan {
        try plan(spec, parameters: parameters, earlier: [])
    }

    /// Reads, parses and plans a pipeline file, reporting parse and validation problems together.
    public func plan(file path: String, overrides: [(String, String)] = []) throws -> ExecutionPlan {
        let text = try SpecParser.readText(path)
        var parser = SpecParser(file: path)
        guard let spec = parser.parseDocument(text) else { throw PipelineError(parser.diagnostics) }
        let parameters = try ParameterOverrides.apply(overrides, to: spec)
        return try plan(spec, parameters: parameters, earlier: parser.diagnostics)
    }

    private func plan(_ spec: PipelineSpec, parameters: [String: JSONValue]?, earlier: [Diagnostic]) throws -> ExecutionPlan {
        var check = Check(spec: spec, catalog: catalog, parameters: parameters ?? spec.parameterDefaults)
        let planned = check.run()
        let diagnostics = earlier + check.diagnostics
        if !diagnostics.isEmpty { throw PipelineError(diagnostics) }
        let graph = PipelineGraph(
            nodes: planned.map(\.name), dependencies: Dictionary(uniqueKeysWithValues: planned.map { ($0.name, $0.dependencies) })
        )
        let order = graph.topologicalOrder()
        let byName = Dictionary(uniqueKeysWithValues: planned.map { ($0.name, $0) })
        return ExecutionPlan(spec: spec, parameters: check.parameters, steps: order.compactMap { byName[$0] })
    }
}

private struct Check {
    let spec: PipelineSpec
    let catalog: StepCatalog
    let parameters: [String: JSONValue]
    var diagnostics: [Diagnostic] = []

    init(spec: PipelineSpec, catalog: StepCatalog, parameters: [String: JSONValue]) {
        self.spec = spec
        self.catalog = catalog
        self.parameters = parameters
    }

    private var stepNames: [String] { spec.steps.map(\.name) }

    private mutating func report(_ message: String, at location: SourceLocation?, hint: String? = nil) {
        diagnostics.append(Diagnostic(message, at: location, hint: hint))
    }

    /// The outputs a step will have, whether fixed by its type or declared in the file.
    private func outputs(of step: StepSpec) -> [OutputDeclaration]? {
        guard let descriptor = catalog.step(step.uses)?.descriptor else { return nil }
        if descriptor.declaresOutputs { return step.outputs }
        return descriptor.outputs.map { OutputDeclaration(name: $0.name, type: $0.type) }
    }

    mutating func run() -> [PlannedStep] {
        checkSchedule()
        checkTriggers()
        var planned: [PlannedStep] = []
        for step in spec.steps {
            if let result = check(step) { planned.append(result) }
        }
        if let cycle = declaredGraph().findCycle() {
            report(
                "steps form a cycle: \(cycle.joined(separator: " → "))", at: spec.step(named: cycle[0])?.location("step"),
                hint: "remove one of these inputs or 'after' edges")
        }
        return planned
    }

    /// Dependencies as written, including steps whose type is unknown, so cycles are always found.
    private func declaredGraph() -> PipelineGraph {
        let names = Set(stepNames)
        var dependencies: [String: Set<String>] = [:]
        for step in spec.steps {
            var upstream = Set(step.inputs.values.map(\.step)).union(step.after)
            if let text = step.when, let expression = try? WhenExpression(text) {
                upstream.formUnion(expression.paths.map { $0[0] })
            }
            dependencies[step.name] = upstream.intersection(names).subtracting([step.name])
        }
        return PipelineGraph(nodes: stepNames, dependencies: dependencies)
    }

    private mutating func checkSchedule() {
        guard let schedule = spec.schedule else { return }
        do {
            _ = try CronExpression(schedule.cron)
        } catch let error as CronError {
            report("invalid cron expression '\(schedule.cron)': \(error.message)", at: schedule.cronLocation ?? schedule.location)
        } catch {
            report("invalid cron expression '\(schedule.cron)'", at: schedule.cronLocation ?? schedule.location)
        }
        if TimeZone(identifier: schedule.timezone) == nil {
            report(
                "unknown time zone '\(schedule.timezone)'", at: schedule.timezoneLocation ?? schedule.location,
                hint: Suggestion.hint(for: schedule.timezone, in: TimeZone.knownTimeZoneIdentifiers)
                    ?? "use an IANA name such as UTC or Europe/Paris")
        }
    }

    private mutating func checkTriggers() {
        for trigger in spec.triggers {
            if trigger.pipeline == spec.name {
                report(
                    "pipeline '\(spec.name)' cannot trigger itself: each of its runs would start another",
                    at: trigger.pipelineLocation ?? trigger.location)
            }
            guard let text = trigger.when else { continue }
            do {
                let expression = try WhenExpression(text)
                for path in expression.paths where path[0] != "artifact" {
                    report(
                        "the trigger's 'when' reads '\(path.joined(separator: "."))': write artifact.KEY, like artifact.count",
                        at: trigger.whenLocation)
                }
            } catch let error as WhenExpression.SyntaxError {
                report(
                    "the trigger's 'when' is not a valid expression: \(error.message) (at character \(error.offset + 1))",
                    at: trigger.whenLocation)
            } catch {}
        }
        if let step = spec.step(named: TriggerInput.step) {
            report(
                "'\(TriggerInput.step)' is reserved for the artifact that triggered a run; rename this step",
                at: step.location("step"))
        }
    }

    private mutating func check(_ step: StepSpec) -> PlannedStep? {
        let implementation = catalog.step(step.uses)
        if implementation == nil, !step.uses.isEmpty {
            report(
                "step '\(step.name)' uses unknown step type '\(step.uses)'", at: step.location("uses"),
                hint: Suggestion.hint(for: step.uses, in: catalog.types) ?? "`orchestrate steps list` shows the types")
        }
        let descriptor = implementation?.descriptor
        var dependencies = Set<String>()

        let resolved = checkWith(step, implementation)
        let script = checkRun(step, descriptor)
        checkOutputs(step, descriptor)
        checkRegister(step, descriptor)
        dependencies.formUnion(checkInputs(step, descriptor))
        dependencies.formUnion(checkAfter(step))
        let (when, guardDependencies) = checkWhen(step)
        dependencies.formUnion(guardDependencies)

        guard let implementation, let descriptor else { return nil }
        return PlannedStep(
            spec: step, implementation: implementation, parameters: resolved, script: script,
            outputs: descriptor.declaresOutputs
                ? step.outputs : descriptor.outputs.map { OutputDeclaration(name: $0.name, type: $0.type) },
            dependencies: dependencies, when: when, executor: step.executor ?? spec.executor ?? .local)
    }

    private mutating func checkWith(_ step: StepSpec, _ implementation: (any Step)?) -> [String: JSONValue] {
        let descriptor = implementation?.descriptor
        let problemsBefore = diagnostics.count
        var resolved: [String: JSONValue] = [:]
        for key in step.with.keys.sorted() {
            let raw = step.with[key]!
            let location = step.location("with.\(key)")
            guard let value = interpolate(raw, at: location) else { continue }
            resolved[key] = value
            guard let descriptor else { continue }
            guard let parameter = descriptor.parameter(key) else {
                let names = descriptor.parameters.map(\.name)
                report(
                    "step type '\(descriptor.type)' has no parameter '\(key)'", at: step.location("with.\(key).key"),
                    hint: Suggestion.hint(for: key, in: names)
                        ?? (names.isEmpty ? "it takes none" : "it takes: \(names.joined(separator: ", "))"))
                continue
            }
            if !parameter.kind.accepts(value) {
                let source = ParameterInterpolation.references(in: raw).first.map { " (from parameter '\($0)')" } ?? ""
                report(
                    "parameter '\(key)' of step '\(step.name)' must be \(parameter.kind.rawValue), got \(value.typeName) \(JSONText.compact(value))\(source)",
                    at: location)
            }
        }
        for parameter in descriptor?.parameters ?? [] {
            if let fallback = parameter.defaultValue {
                if resolved[parameter.name] == nil { resolved[parameter.name] = fallback }
            } else if resolved[parameter.name] == nil, step.with[parameter.name] == nil {
                report(
                    "step '\(step.name)' needs parameter '\(parameter.name)' (\(parameter.kind.rawValue)): \(parameter.summary)",
                    at: step.location("with") ?? step.location("step"))
            }
        }
        // The step's own checks see only well-typed parameters.
        if let implementation, diagnostics.count == problemsBefore {
            do {
                try implementation.checkParameters(StepParameters(resolved))
            } catch {
                report("step '\(step.name)': \(error)", at: step.location("with") ?? step.location("step"))
            }
        }
        return resolved
    }

    private mutating func interpolate(_ value: JSONValue, at location: SourceLocation?) -> JSONValue? {
        do {
            return try ParameterInterpolation.resolve(value, with: parameters)
        } catch let error as ParameterInterpolation.UnknownParameter {
            let names = spec.parameters.map(\.name)
            report(
                "'${params.\(error.name)}' refers to a parameter that is not declared", at: location,
                hint: Suggestion.hint(for: error.name, in: names) ?? "declare it under 'parameters:'")
            return nil
        } catch {
            return nil
        }
    }

    private mutating func checkRun(_ step: StepSpec, _ descriptor: StepDescriptor?) -> String? {
        guard let descriptor else { return nil }
        guard descriptor.takesRun else {
            if step.run != nil {
                report(
                    "step type '\(descriptor.type)' does not take 'run'", at: step.location("run"),
                    hint: "use 'uses: command' to run a program")
            }
            return nil
        }
        guard let run = step.run, !run.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            report(
                "step '\(step.name)' (\(descriptor.type)) needs 'run': the shell command to execute", at: step.location("step"))
            return nil
        }
        return interpolate(.string(run), at: step.location("run"))?.stringValue
    }

    private mutating func checkOutputs(_ step: StepSpec, _ descriptor: StepDescriptor?) {
        guard let descriptor, !descriptor.declaresOutputs, !step.outputs.isEmpty else { return }
        let fixed = descriptor.outputs.map(\.name).joined(separator: ", ")
        report(
            "step type '\(descriptor.type)' has fixed outputs (\(fixed.isEmpty ? "none" : fixed)); remove 'outputs'",
            at: step.location("outputs"))
    }

    /// `register:` names the model that the step's one `model` output becomes a version of.
    private mutating func checkRegister(_ step: StepSpec, _ descriptor: StepDescriptor?) {
        guard let model = step.register, let descriptor else { return }
        let outputs =
            descriptor.declaresOutputs ? step.outputs : descriptor.outputs.map { OutputDeclaration(name: $0.name, type: $0.type) }
        let models = outputs.filter { $0.type == "model" }.map(\.name)
        if models.count == 1 { return }
        report(
            models.isEmpty
                ? "step '\(step.name)' registers '\(model)', but it has no output of type model"
                : "step '\(step.name)' registers '\(model)', but it has \(models.count) outputs of type model "
                    + "(\(models.joined(separator: ", "))): which one is ambiguous",
            at: step.location("register"),
            hint: descriptor.declaresOutputs
                ? "declare one output as a model: outputs: { NAME: model }" : "remove 'register' from this step")
    }

    private mutating func checkInputs(_ step: StepSpec, _ descriptor: StepDescriptor?) -> Set<String> {
        var dependencies = Set<String>()
        for input in step.inputs.keys.sorted() {
            let binding = step.inputs[input]!
            let location = step.location("inputs.\(input)")
            if let descriptor, !descriptor.acceptsAnyInputs, !descriptor.inputs.contains(where: { $0.name == input }) {
                let names = descriptor.inputs.map(\.name)
                report(
                    "step type '\(descriptor.type)' has no input '\(input)'", at: location,
                    hint: Suggestion.hint(for: input, in: names)
                        ?? (names.isEmpty ? "it takes none" : "it takes: \(names.joined(separator: ", "))"))
            }
            guard checkReference(step: step, binding: binding, at: location, what: "reads") else { continue }
            dependencies.insert(binding.step)
        }
        for port in descriptor?.inputs ?? [] where !port.optional && step.inputs[port.name] == nil {
            report(
                "step '\(step.name)' needs input '\(port.name)' (\(port.type)): \(port.summary)",
                at: step.location("inputs") ?? step.location("step"), hint: "add it under 'inputs:' as step.output")
        }
        return dependencies
    }

    /// Whether `binding` names an existing step's output; reports what is wrong if not.
    private mutating func checkReference(step: StepSpec, binding: InputBinding, at location: SourceLocation?, what: String)
        -> Bool
    {
        if let artifact = binding.artifact {
            // Whether the artifact exists is known only when a run starts: the other pipeline may not have run yet.
            guard artifact.pipeline != spec.name else {
                report(
                    "step '\(step.name)' \(what) '\(binding)', an artifact of its own pipeline '\(spec.name)'", at: location,
                    hint: artifact.name.contains(".")
                        ? "read it from the step that writes it: \(artifact.name)"
                        : "read it from the step that writes it: STEP.\(artifact.name)")
                return false
            }
            return true
        }
        if binding.step == TriggerInput.step {
            guard !spec.triggers.isEmpty else {
                report(
                    "step '\(step.name)' \(what) '\(binding)', but pipeline '\(spec.name)' has no triggers", at: location,
                    hint: "add triggers: [{ on_artifact: { pipeline: P, name: A } }]")
                return false
            }
            guard binding.output == TriggerInput.output else {
                report("step '\(step.name)' \(what) '\(binding)': the triggering artifact is 'trigger.artifact'", at: location)
                return false
            }
            return true
        }
        if binding.step == step.name {
            report("step '\(step.name)' \(what) its own output '\(binding)'", at: location)
            return false
        }
        guard let upstream = spec.step(named: binding.step) else {
            report(
                "step '\(step.name)' \(what) '\(binding)', but no step '\(binding.step)' exists", at: location,
                hint: Suggestion.hint(for: binding.step, in: stepNames.filter { $0 != step.name }))
            return false
        }
        if let outputs = outputs(of: upstream), !outputs.contains(where: { $0.name == binding.output }) {
            let names = outputs.map(\.name)
            report(
                "step '\(step.name)' \(what) '\(binding)', but step '\(upstream.name)' has no output '\(binding.output)'",
                at: location,
                hint: Suggestion.hint(for: binding.output, in: names)
                    ?? (names.isEmpty ? "it has no outputs" : "its outputs are: \(names.joined(separator: ", "))"))
            return false
        }
        return true
    }

    private mutating func checkAfter(_ step: StepSpec) -> Set<String> {
        var dependencies = Set<String>()
        for (index, name) in step.after.enumerated() {
            let location = step.location("after.\(index)")
            if name == step.name {
                report("step '\(step.name)' cannot run after itself", at: location)
            } else if spec.step(named: name) == nil {
                report(
                    "step '\(step.name)' runs after '\(name)', but no step '\(name)' exists", at: location,
                    hint: Suggestion.hint(for: name, in: stepNames))
            } else {
                dependencies.insert(name)
            }
        }
        return dependencies
    }

    private mutating func checkWhen(_ step: StepSpec) -> (WhenExpression?, Set<String>) {
        guard let text = step.when else { return (nil, []) }
        let location = step.location("when")
        let expression: WhenExpression
        do {
            expression = try WhenExpression(text)
        } catch let error as WhenExpression.SyntaxError {
            report(
                "'when' of step '\(step.name)' is not a valid expression: \(error.message) (at character \(error.offset + 1))",
                at: location)
            return (nil, [])
        } catch {
            return (nil, [])
        }
        var dependencies = Set<String>()
        for path in expression.paths {
            if path[0] == "params" {
                if path.count < 2 || parameters[path[1]] == nil {
                    report(
                        "'when' of step '\(step.name)' reads '\(path.joined(separator: "."))', which is not a declared parameter",
                        at: location, hint: path.count > 1 ? Suggestion.hint(for: path[1], in: spec.parameters.map(\.name)) : nil)
                }
                continue
            }
            guard path.count >= 2 else {
                report("'when' of step '\(step.name)' reads '\(path[0])': write step.output.key or params.name", at: location)
                continue
            }
            let binding = InputBinding(step: path[0], output: path[1])
            if checkReference(step: step, binding: binding, at: location, what: "guards on") {
                dependencies.insert(binding.step)
            }
        }
        return (expression, dependencies)
    }
}
