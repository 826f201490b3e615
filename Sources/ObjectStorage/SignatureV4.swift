import ArtifactStore
import Foundation

/// AWS Signature Version 4 for S3 requests: the canonical request, the string to sign, and the
/// `Authorization` header, for any S3-compatible server (AWS, MinIO, Ceph, moto).
struct SignatureV4 {
    let accessKey: String
    let secretKey: String
    let region: String
    let service = "s3"

    /// `headers` plus `host`, `x-amz-date` and `x-amz-content-sha256` signed, with `Authorization` added.
    func sign(method: String, url: URL, headers: [String: String], payloadSHA256: String, date: Date) -> [String: String] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let timestamp = formatter.string(from: date)
        let day = String(timestamp.prefix(8))
        var signed = Dictionary(uniqueKeysWithValues: headers.map { ($0.key.lowercased(), $0.value) })
        signed["host"] = Self.host(url)
        signed["x-amz-date"] = timestamp
        signed["x-amz-content-sha256"] = payloadSHA256
        let names = signed.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(signed[$0]!.trimmingCharacters(in: .whitespaces))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let canonicalRequest = [
            method, Self.canonicalPath(url), Self.canonicalQuery(url), canonicalHeaders, signedHeaders, payloadSHA256,
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", timestamp, scope, Hashing.sha256(canonicalRequest)].joined(separator: "\n")
        var key = HMACSHA256.authenticate(Data(day.utf8), key: Data("AWS4\(secretKey)".utf8))
        for part in [region, service, "aws4_request"] { key = HMACSHA256.authenticate(Data(part.utf8), key: key) }
        let signature = HMACSHA256.authenticate(Data(stringToSign.utf8), key: key).map { String(format: "%02x", $0) }.joined()
        var result = headers
        result["x-amz-date"] = timestamp
        result["x-amz-content-sha256"] = payloadSHA256
        result["Authorization"] =
            "AWS4-HMAC-SHA256 Credential=\(accessKey)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        return result
    }

    static func host(_ url: URL) -> String {
        let host = url.host ?? ""
        guard let port = url.port, !(url.scheme == "http" && port == 80), !(url.scheme == "https" && port == 443) else {
            return host
        }
        return "\(host):\(port)"
    }

    /// RFC 3986 encoding of everything but the unreserved characters (and `/` in paths).
    static func encode(_ text: String, keepSlash: Bool) -> String {
        var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
        if keepSlash { allowed.insert("/") }
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func canonicalPath(_ url: URL) -> String {
        let path = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? "/"
        let decoded = path.removingPercentEncoding ?? path
        return decoded.isEmpty ? "/" : encode(decoded, keepSlash: true)
    }

    static func canonicalQuery(_ url: URL) -> String {
        let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        return items.map { (encode($0.name, keepSlash: false), encode($0.value ?? "", keepSlash: false)) }
            .sorted { $0 < $1 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }
}
