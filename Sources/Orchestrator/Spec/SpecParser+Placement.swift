import ArtifactStore

/// `executor:` (pipeline or step) and `resources:` (step): where a step runs and what it asks for.
extension SpecParser {
    static let executorKeys = ["kind", "partition", "account"]
    static let resourceKeys = ["cpus", "memory", "gpus", "time"]

    mutating func parseExecutor(_ node: SpecNode, of owner: String) -> ExecutorSpec? {
        let kinds = ExecutorSpec.Kind.allCases.map(\.rawValue)
        if case .scalar(let text, _, let location) = node {
            // `executor: local` is the short form of `executor: { kind: local }`.
            guard let kind = ExecutorSpec.Kind(rawValue: text) else {
                report(
                    "'executor' of \(owner): unknown kind '\(text)'", at: location,
                    hint: Suggestion.hint(for: text, in: kinds) ?? "expected one of: \(kinds.joined(separator: ", "))")
                return nil
            }
            return ExecutorSpec(kind: kind)
        }
        guard case .mapping(let pairs, let location) = node else {
            report("'executor' of \(owner) must be a mapping like { kind: slurm, partition: gpu }", at: node.location)
            return nil
        }
        var spec = ExecutorSpec(kind: .local)
        var sawKind = false
        for (key, keyLocation, value) in pairs {
            switch key {
            case "kind":
                sawKind = true
                guard let text = string(value, what: "'executor.kind'") else { continue }
                guard let kind = ExecutorSpec.Kind(rawValue: text) else {
                    report(
                        "'executor.kind' of \(owner): unknown kind '\(text)'", at: value.location,
                        hint: Suggestion.hint(for: text, in: kinds) ?? "expected one of: \(kinds.joined(separator: ", "))")
                    continue
                }
                spec.kind = kind
            case "partition", "account":
                guard let text = string(value, what: "'executor.\(key)'") else { continue }
                guard Self.isSlurmName(text) else {
                    report(
                        "'executor.\(key)' of \(owner) must be one word of letters, digits, '-', '_' or '.', got '\(text)'",
                        at: value.location)
                    continue
                }
                if key == "partition" { spec.partition = text } else { spec.account = text }
            default:
                report(
                    "unknown key '\(key)' in 'executor' of \(owner)", at: keyLocation,
                    hint: Suggestion.hint(for: key, in: Self.executorKeys)
                        ?? "expected one of: \(Self.executorKeys.joined(separator: ", "))")
            }
        }
        if !sawKind {
            report("'executor' of \(owner) has no 'kind'", at: location, hint: "write kind: slurm or kind: local")
            return nil
        }
        if spec.kind == .local, spec.partition != nil || spec.account != nil {
            report("'executor' of \(owner): 'partition' and 'account' are for kind: slurm", at: location)
        }
        return spec
    }

    mutating func parseResources(_ node: SpecNode, of owner: String) -> ResourceSpec? {
        guard case .mapping(let pairs, _) = node else {
            report(
                "'resources' of \(owner) must be a mapping like { cpus: 4, memory: 16G, gpus: 1, time: 2h }", at: node.location)
            return nil
        }
        var spec = ResourceSpec()
        for (key, keyLocation, value) in pairs {
            switch key {
            case "cpus", "gpus":
                guard case .int(let count) = value.value, count >= (key == "cpus" ? 1 : 0), count <= 100_000 else {
                    report(
                        "'resources.\(key)' of \(owner) must be a whole number\(key == "cpus" ? " from 1" : " from 0")",
                        at: value.location)
                    continue
                }
                if key == "cpus" { spec.cpus = count } else { spec.gpus = count }
            case "memory":
                let text: String
                switch value.value {
                case .int(let number): text = String(number)
                case .string(let written): text = written
                default: text = ""
                }
                guard let megabytes = ResourceSpec.megabytes(text) else {
                    report(
                        "'resources.memory' of \(owner) is not an amount of memory", at: value.location,
                        hint: "write it like 512M, 16G or 1T (a plain number is megabytes)")
                    continue
                }
                spec.memoryMegabytes = megabytes
            case "time":
                let seconds: Double?
                switch value.value {
                case .int(let number): seconds = number > 0 ? Double(number) : nil
                case .string(let text): seconds = DurationParser.seconds(text)
                default: seconds = nil
                }
                guard let seconds, seconds >= 1, seconds <= DurationParser.longest else {
                    report(
                        "'resources.time' of \(owner) is not a duration from 1s to a year", at: value.location,
                        hint: "write it like 30m, 2h or 1h30m")
                    continue
                }
                spec.timeSeconds = seconds
            default:
                report(
                    "unknown key '\(key)' in 'resources' of \(owner)", at: keyLocation,
                    hint: Suggestion.hint(for: key, in: Self.resourceKeys)
                        ?? "expected one of: \(Self.resourceKeys.joined(separator: ", "))")
            }
        }
        return spec
    }

    /// Partition and account names go on `sbatch`'s command line; anything else is a typo or an injection.
    static func isSlurmName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 128
            && text.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar))
            }
    }
}
