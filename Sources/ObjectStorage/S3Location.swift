import Foundation

/// Where blobs live in an S3-compatible object store: `s3://BUCKET/PREFIX`, the server's endpoint (AWS's
/// regional one unless `ORCHESTRATE_S3_ENDPOINT` names another, such as MinIO's or moto's), the region and
/// the credentials, from the environment as the AWS tools read them.
public struct S3Location: Sendable, Equatable {
    public var bucket: String
    public var prefix: String
    public var endpoint: URL
    public var region: String
    public var accessKey: String
    public var secretKey: String

    public init(bucket: String, prefix: String, endpoint: URL, region: String, accessKey: String, secretKey: String) {
        self.bucket = bucket
        self.prefix = prefix
        self.endpoint = endpoint
        self.region = region
        self.accessKey = accessKey
        self.secretKey = secretKey
    }

    /// Reads `s3://bucket/prefix` and the environment; every missing piece is named.
    public init(_ address: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let url = URL(string: address), url.scheme == "s3", let bucket = url.host, !bucket.isEmpty else {
            throw ObjectStorageError("'\(address)' is not an s3://BUCKET/PREFIX address")
        }
        let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1"
        let endpoint =
            environment["ORCHESTRATE_S3_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "https://s3.\(region).amazonaws.com"
        guard let endpointURL = URL(string: endpoint), ["http", "https"].contains(endpointURL.scheme ?? "") else {
            throw ObjectStorageError("ORCHESTRATE_S3_ENDPOINT '\(endpoint)' is not an http or https URL")
        }
        guard let accessKey = environment["AWS_ACCESS_KEY_ID"], let secretKey = environment["AWS_SECRET_ACCESS_KEY"],
            !accessKey.isEmpty, !secretKey.isEmpty
        else {
            throw ObjectStorageError("\(address) needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
        }
        let prefix = url.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        self.init(
            bucket: bucket, prefix: prefix, endpoint: endpointURL, region: region, accessKey: accessKey, secretKey: secretKey)
    }

    /// The object key of `name` under the prefix.
    func key(_ name: String) -> String { prefix.isEmpty ? name : "\(prefix)/\(name)" }

    var description: String { "s3://\(bucket)\(prefix.isEmpty ? "" : "/" + prefix) at \(endpoint.absoluteString)" }
}

/// An object store that cannot be reached or refuses a request, with what it said.
public struct ObjectStorageError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
