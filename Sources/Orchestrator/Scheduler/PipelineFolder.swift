import ArtifactStore
import Foundation

/// The pipeline files of a folder, parsed and validated, with the checks that span files:
/// a trigger must name a pipeline of the folder and one of its artifacts, and triggers must not
/// form a cycle. The scheduler reloads it whenever a file is added, changed or removed.
public struct PipelineFolder: Sendable {
    public struct Entry: Sendable {
        public var file: String
        public var plan: ExecutionPlan
        public var spec: PipelineSpec { plan.spec }
    }

    public var folder: URL
    /// Valid pipelines by name.
    public var pipelines: [String: Entry]
    /// Problems by file; a file with problems is not scheduled.
    public var problems: [String: [Diagnostic]]
    /// (path, modification time, size) of every file read, to notice changes cheaply.
    public var fingerprint: [String: String]

    public static func files(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { folder.appendingPathComponent($0) }
    }

    public static func fingerprint(of folder: URL) -> [String: String] {
        var result: [String: String] = [:]
        for file in files(in: folder) {
            let values = try? file.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey])
            result[file.path] = "\(values?.contentModificationDate?.timeIntervalSince1970 ?? 0):\(values?.fileSize ?? 0)"
        }
        return result
    }

    public static func load(_ folder: URL, catalog: StepCatalog) -> PipelineFolder {
        let validator = PipelineValidator(catalog: catalog)
        var entries: [Entry] = []
        var problems: [String: [Diagnostic]] = [:]
        for file in files(in: folder) {
            let path = relativePath(of: file)
            do {
                entries.append(Entry(file: path, plan: try validator.plan(file: path)))
            } catch let error as PipelineError {
                problems[path] = error.diagnostics
            } catch {
                problems[path] = [Diagnostic("\(error)", at: nil)]
            }
        }
        var pipelines: [String: Entry] = [:]
        for entry in entries {
            if let other = pipelines[entry.spec.name] {
                problems[entry.file, default: []].append(
                    Diagnostic(
                        "pipeline '\(entry.spec.name)' is also defined in \(other.file); pipeline names must be unique",
                        at: entry.spec.location("name")))
                continue
            }
            pipelines[entry.spec.name] = entry
        }
        for (file, diagnostics) in crossCheck(Array(pipelines.values)) {
            problems[file, default: []] += diagnostics
            if let name = pipelines.first(where: { $0.value.file == file })?.key { pipelines[name] = nil }
        }
        return PipelineFolder(folder: folder, pipelines: pipelines, problems: problems, fingerprint: fingerprint(of: folder))
    }

    /// Checks triggers against the other pipelines: the pipeline exists, the artifact names exactly
    /// one of its step outputs, and no chain of triggers leads back to where it started.
    public static func crossCheck(_ entries: [Entry]) -> [String: [Diagnostic]] {
        let byName = Dictionary(entries.map { ($0.spec.name, $0) }, uniquingKeysWith: { first, _ in first })
        var problems: [String: [Diagnostic]] = [:]
        for entry in entries {
            for trigger in entry.spec.triggers {
                guard let source = byName[trigger.pipeline] else {
                    problems[entry.file, default: []].append(
                        Diagnostic(
                            "pipeline '\(entry.spec.name)' is triggered by pipeline '\(trigger.pipeline)', which is not in \(entry.file.split(separator: "/").dropLast().joined(separator: "/").ifEmpty("this folder"))",
                            at: trigger.pipelineLocation ?? trigger.location,
                            hint: Suggestion.hint(for: trigger.pipeline, in: byName.keys)))
                    continue
                }
                let outputs = source.plan.steps.flatMap { step in step.outputs.map { "\(step.name).\($0.name)" } }
                let matches = outputs.filter { $0 == trigger.artifact || $0.hasSuffix("." + trigger.artifact) }
                if matches.isEmpty {
                    problems[entry.file, default: []].append(
                        Diagnostic(
                            "pipeline '\(trigger.pipeline)' publishes no artifact '\(trigger.artifact)'",
                            at: trigger.artifactLocation ?? trigger.location,
                            hint: Suggestion.hint(for: trigger.artifact, in: outputs)
                                ?? "its artifacts: \(outputs.joined(separator: ", "))"))
                } else if matches.count > 1, !matches.contains(trigger.artifact) {
                    problems[entry.file, default: []].append(
                        Diagnostic(
                            "'\(trigger.artifact)' names several artifacts of '\(trigger.pipeline)' (\(matches.joined(separator: ", "))); write step.output",
                            at: trigger.artifactLocation ?? trigger.location))
                }
            }
        }
        let graph = PipelineGraph(
            nodes: entries.map(\.spec.name).sorted(),
            dependencies: Dictionary(
                entries.map { ($0.spec.name, Set($0.spec.triggers.map(\.pipeline))) }, uniquingKeysWith: { $0.union($1) }))
        if let cycle = graph.findCycle(), cycle.count > 2, let entry = byName[cycle[0]] {
            problems[entry.file, default: []].append(
                Diagnostic(
                    "triggers form a cycle: \(cycle.joined(separator: " → ")); each run would start the next forever",
                    at: entry.spec.triggers.first?.pipelineLocation ?? entry.spec.location("name")))
        }
        return problems
    }

    /// Paths relative to the working folder when inside it, so messages stay short.
    static func relativePath(of url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
    }
}

extension String {
    fileprivate func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
