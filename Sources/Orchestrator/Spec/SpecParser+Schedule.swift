import ArtifactStore

extension SpecParser {
    static let scheduleKeys = ["cron", "timezone", "catch_up", "max_catch_up"]
    static let triggerKeys = ["on_artifact", "when"]

    mutating func parseSchedule(_ node: SpecNode) -> ScheduleSpec? {
        guard case .mapping(let pairs, let location) = node else {
            report("'schedule' must be a mapping like { cron: \"0 3 * * *\", timezone: UTC }", at: node.location)
            return nil
        }
        var schedule = ScheduleSpec(cron: "", timezone: "UTC", catchUp: .latest, maxCatchUp: 10, location: location)
        for (key, keyLocation, value) in pairs {
            switch key {
            case "cron":
                schedule.cron = string(value, what: "'cron'") ?? ""
                schedule.cronLocation = value.location
            case "timezone":
                schedule.timezone = string(value, what: "'timezone'") ?? "UTC"
                schedule.timezoneLocation = value.location
            case "catch_up":
                let text = string(value, what: "'catch_up'") ?? ""
                guard let catchUp = ScheduleSpec.CatchUp(rawValue: text) else {
                    report(
                        "'catch_up' must be none, latest or all, not '\(text)'", at: value.location,
                        hint: Suggestion.hint(for: text, in: ScheduleSpec.CatchUp.allCases.map(\.rawValue)))
                    continue
                }
                schedule.catchUp = catchUp
            case "max_catch_up":
                guard case .int(let count) = value.value, (1...10_000).contains(count) else {
                    report("'max_catch_up' must be a whole number from 1 to 10000", at: value.location)
                    continue
                }
                schedule.maxCatchUp = count
            default:
                report(
                    "unknown key '\(key)' in 'schedule'", at: keyLocation,
                    hint: Suggestion.hint(for: key, in: Self.scheduleKeys)
                        ?? "expected one of: \(Self.scheduleKeys.joined(separator: ", "))")
            }
        }
        if !pairs.contains(where: { $0.key == "cron" }) {
            report("'schedule' needs 'cron', like cron: \"0 3 * * *\"", at: location)
            return nil
        }
        return schedule
    }

    mutating func parseTriggers(_ node: SpecNode) -> [TriggerSpec] {
        let items: [SpecNode]
        switch node {
        case .sequence(let list, _): items = list
        case .mapping: items = [node]
        case .scalar:
            report("'triggers' must be a list like - on_artifact: { pipeline: etl, name: documents }", at: node.location);
            return []
        }
        return items.compactMap { parseTrigger($0) }
    }

    private mutating func parseTrigger(_ node: SpecNode) -> TriggerSpec? {
        guard case .mapping(let pairs, let location) = node else {
            report("a trigger is a mapping like on_artifact: { pipeline: etl, name: documents }", at: node.location)
            return nil
        }
        var trigger = TriggerSpec(pipeline: "", artifact: "", when: nil, location: location)
        var sawArtifact = false
        for (key, keyLocation, value) in pairs {
            switch key {
            case "on_artifact":
                guard case .mapping(let fields, let fieldsLocation) = value else {
                    report("'on_artifact' must be a mapping with 'pipeline' and 'name'", at: value.location)
                    continue
                }
                sawArtifact = true
                for (field, fieldLocation, fieldValue) in fields {
                    switch field {
                    case "pipeline":
                        trigger.pipeline = string(fieldValue, what: "'pipeline'") ?? ""
                        trigger.pipelineLocation = fieldValue.location
                    case "name":
                        trigger.artifact = string(fieldValue, what: "'name'") ?? ""
                        trigger.artifactLocation = fieldValue.location
                    default:
                        report(
                            "unknown key '\(field)' in 'on_artifact'", at: fieldLocation,
                            hint: Suggestion.hint(for: field, in: ["pipeline", "name"]) ?? "expected pipeline and name")
                    }
                }
                if trigger.pipeline.isEmpty || trigger.artifact.isEmpty {
                    report("'on_artifact' needs both 'pipeline' and 'name'", at: fieldsLocation)
                }
            case "when":
                trigger.when = string(value, what: "'when'")
                trigger.whenLocation = value.location
            default:
                report(
                    "unknown key '\(key)' in a trigger", at: keyLocation,
                    hint: Suggestion.hint(for: key, in: Self.triggerKeys) ?? "expected on_artifact (and optionally when)")
            }
        }
        guard sawArtifact else {
            report("a trigger needs 'on_artifact: { pipeline: P, name: A }'", at: location)
            return nil
        }
        return trigger
    }
}
