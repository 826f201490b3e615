import Foundation
import GRDB

extension Store {
    public func artifact(id: String) throws -> ArtifactRecord? {
        try read { db in try ArtifactRecord.fetchOne(db, key: id) }
    }

    /// Lists artifacts, newest first, optionally of one pipeline or name.
    public func listArtifacts(pipeline: String? = nil, name: String? = nil, limit: Int = 100) throws -> [ArtifactRecord] {
        try read { db in
            var request = ArtifactRecord.all()
            if let pipeline { request = request.filter(sql: "pipeline = ?", arguments: [pipeline]) }
            if let name {
                request = request.filter(sql: "name = ? OR name LIKE ? ESCAPE '\\'", arguments: [name, "%." + escapeLike(name)])
            }
            return try request.order(sql: "created_at DESC, version DESC").limit(limit).fetchAll(db)
        }
    }

    public func allArtifacts() throws -> [ArtifactRecord] {
        try read { db in try ArtifactRecord.order(sql: "pipeline, name, version").fetchAll(db) }
    }

    /// Resolves a reference (see `ArtifactReference`) to exactly one artifact.
    public func resolveArtifact(_ text: String) throws -> ArtifactRecord {
        let reference = try ArtifactReference(parsing: text)
        switch reference.form {
        case .digest(let prefix):
            let matches = try read { db in
                try ArtifactRecord.filter(sql: "sha256 LIKE ?", arguments: [prefix + "%"]).limit(6).fetchAll(db)
            }
            return try single(matches, reference: text, hint: "no stored content has a digest starting with \(prefix)")
        case .named(let pipeline, let name, let version):
            let names = try matchingNames(pipeline: pipeline, name: name)
            if names.isEmpty {
                if pipeline == nil, case .latest = version, !text.contains("@") {
                    let byID = try read { db in
                        try ArtifactRecord.filter(sql: "id LIKE ?", arguments: [escapeLike(name.lowercased()) + "%"])
                            .limit(6).fetchAll(db)
                    }
                    if !byID.isEmpty { return try single(byID, reference: text, hint: nil) }
                }
                throw StoreError.notFound(
                    kind: "artifact", reference: text, hint: "`orchestrate artifacts list` shows what is stored")
            }
            if names.count > 1 {
                throw StoreError.ambiguous(
                    kind: "artifact", reference: text, candidates: names.map { "\($0.pipeline)/\($0.name)" })
            }
            let (pipelineName, artifactName) = names[0]
            let found = try read { db -> ArtifactRecord? in
                switch version {
                case .latest:
                    return try latestVersion(pipeline: pipelineName, name: artifactName, db: db)
                case .number(let number):
                    return try ArtifactRecord.filter(
                        sql: "pipeline = ? AND name = ? AND version = ?", arguments: [pipelineName, artifactName, number]
                    ).fetchOne(db)
                }
            }
            guard let found else {
                throw StoreError.notFound(
                    kind: "artifact", reference: text, hint: "\(pipelineName)/\(artifactName) has no such version")
            }
            return found
        }
    }

    /// Distinct (pipeline, name) pairs a name refers to: exact full names first, else output-part matches.
    private func matchingNames(pipeline: String?, name: String) throws -> [(pipeline: String, name: String)] {
        try read { db in
            func query(_ condition: String, _ value: String) throws -> [(String, String)] {
                var sql = "SELECT DISTINCT pipeline, name FROM artifacts WHERE \(condition)"
                var arguments: StatementArguments = [value]
                if let pipeline {
                    sql += " AND pipeline = ?"
                    arguments += [pipeline]
                }
                return try Row.fetchAll(db, sql: sql + " ORDER BY pipeline, name", arguments: arguments).map {
                    ($0["pipeline"], $0["name"])
                }
            }
            let exact = try query("name = ?", name)
            if !exact.isEmpty { return exact }
            return try query("name LIKE ? ESCAPE '\\'", "%." + escapeLike(name))
        }
    }

    private func single(_ matches: [ArtifactRecord], reference: String, hint: String?) throws -> ArtifactRecord {
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty { throw StoreError.notFound(kind: "artifact", reference: reference, hint: hint) }
        throw StoreError.ambiguous(kind: "artifact", reference: reference, candidates: matches.map(\.qualifiedName))
    }

    /// Whether any artifact references this content.
    public func isReferenced(sha256: String) throws -> Bool {
        try read { db in try ArtifactRecord.filter(sql: "sha256 = ?", arguments: [sha256]).fetchCount(db) > 0 }
    }

    /// The digests any artifact still references; everything else in blob storage is garbage.
    public func referencedDigests() throws -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT DISTINCT sha256 FROM artifacts")) }
    }
}
