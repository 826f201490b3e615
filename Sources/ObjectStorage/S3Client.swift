import ArtifactStore
import Foundation
import Networking

/// The few S3 requests blob storage needs, path-style (`ENDPOINT/BUCKET/KEY`) so that any compatible
/// server works, each signed with Signature V4 and made on the calling thread.
struct S3Client: Sendable {
    let location: S3Location
    let http = HTTPClient()
    /// Objects can be models of hundreds of megabytes.
    let limits = HTTPLimits(timeout: 600, maxRedirects: 0, maxBytes: 1 << 34, userAgent: "orchestrate/1.0")

    func put(_ key: String, _ data: Data) throws {
        let response = try request("PUT", key: key, body: data, headers: ["Content-Type": "application/octet-stream"])
        try expect(response, [200], "PUT", key)
    }

    /// The object's bytes, or nil when there is none.
    func get(_ key: String) throws -> Data? {
        let response = try request("GET", key: key)
        if response.status == 404 { return nil }
        try expect(response, [200], "GET", key)
        return response.body
    }

    func exists(_ key: String) throws -> Bool {
        let response = try request("HEAD", key: key)
        if response.status == 404 { return false }
        try expect(response, [200], "HEAD", key)
        return true
    }

    func delete(_ key: String) throws {
        let response = try request("DELETE", key: key)
        try expect(response, [200, 204, 404], "DELETE", key)
    }

    /// Every key that starts with `prefix`, page by page (ListObjectsV2).
    func keys(prefix: String) throws -> [String] {
        var keys: [String] = []
        var token: String?
        repeat {
            var query = [URLQueryItem(name: "list-type", value: "2"), URLQueryItem(name: "prefix", value: prefix)]
            if let token { query.append(URLQueryItem(name: "continuation-token", value: token)) }
            let response = try request("GET", key: nil, query: query)
            try expect(response, [200], "LIST", prefix)
            let text = String(decoding: response.body, as: UTF8.self)
            keys += Self.elements("Key", in: text).map(Self.unescapeXML)
            token =
                Self.elements("IsTruncated", in: text).first == "true"
                ? Self.elements("NextContinuationToken", in: text).first.map(Self.unescapeXML) : nil
        } while token != nil
        return keys
    }

    func createBucket() throws {
        let response = try request("PUT", key: nil, body: Data())
        try expect(response, [200, 409], "PUT bucket", location.bucket)
    }

    private func request(
        _ method: String, key: String?, query: [URLQueryItem] = [], body: Data? = nil, headers: [String: String] = [:]
    ) throws -> HTTPResponse {
        var path = location.endpoint.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        path = (path.isEmpty ? "" : "/" + path) + "/" + location.bucket + (key.map { "/" + $0 } ?? "")
        var components = URLComponents(url: location.endpoint, resolvingAgainstBaseURL: false)!
        components.percentEncodedPath = SignatureV4.encode(path, keepSlash: true)
        components.percentEncodedQueryItems =
            query.isEmpty
            ? nil
            : query.map {
                URLQueryItem(
                    name: SignatureV4.encode($0.name, keepSlash: false),
                    value: SignatureV4.encode($0.value ?? "", keepSlash: false))
            }
        let url = components.url!
        let signer = SignatureV4(accessKey: location.accessKey, secretKey: location.secretKey, region: location.region)
        let signed = signer.sign(
            method: method, url: url, headers: headers, payloadSHA256: Hashing.sha256(body ?? Data()), date: Date())
        do {
            // A body-less PUT still needs one, or libcurl sends a GET.
            return try http.perform(method, url, headers: signed, body: body ?? (method == "PUT" ? Data() : nil), limits: limits)
        } catch {
            throw ObjectStorageError("\(method) \(url.absoluteString): \(error)")
        }
    }

    private func expect(_ response: HTTPResponse, _ statuses: Set<Int>, _ what: String, _ key: String) throws {
        guard statuses.contains(response.status) else {
            let code = Self.elements("Code", in: String(decoding: response.body, as: UTF8.self)).first.map { " (\($0))" } ?? ""
            throw ObjectStorageError(
                "\(location.description): \(what) \(key) answered HTTP \(response.status)\(code)")
        }
    }

    /// The text of every `<name>...</name>` element: S3's answers are flat enough for this.
    static func elements(_ name: String, in xml: String) -> [String] {
        var found: [String] = []
        var rest = xml[...]
        while let open = rest.range(of: "<\(name)>"),
            let close = rest.range(of: "</\(name)>", range: open.upperBound..<rest.endIndex)
        {
            found.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return found
    }

    static func unescapeXML(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
