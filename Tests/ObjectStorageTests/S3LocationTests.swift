import Foundation
import Testing

@testable import ObjectStorage

/// Reading `s3://bucket/prefix` and the environment, with every missing piece named; and Signature V4 as
/// AWS documents it.
struct S3LocationTests {
    let credentials = ["AWS_ACCESS_KEY_ID": "AK", "AWS_SECRET_ACCESS_KEY": "SK"]

    @Test func theAddressAndTheEnvironmentMakeTheLocation() throws {
        var environment = credentials
        environment["ORCHESTRATE_S3_ENDPOINT"] = "http://127.0.0.1:9000"
        environment["AWS_REGION"] = "eu-west-1"
        let location = try S3Location("s3://twin-artifacts/team/runs/", environment: environment)
        #expect(location.bucket == "twin-artifacts" && location.prefix == "team/runs")
        #expect(location.endpoint.absoluteString == "http://127.0.0.1:9000" && location.region == "eu-west-1")
        #expect(location.key("sha256/ab") == "team/runs/sha256/ab")
        #expect(
            try S3Location("s3://b", environment: credentials).endpoint.absoluteString == "https://s3.us-east-1.amazonaws.com")
    }

    @Test func missingPiecesAreNamed() {
        #expect { try S3Location("/data/blobs", environment: credentials) } throws: {
            "\($0)".contains("is not an s3://BUCKET/PREFIX address")
        }
        #expect { try S3Location("s3://b/p", environment: [:]) } throws: {
            "\($0)".contains("needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        }
    }

    /// The example of AWS's Signature V4 documentation for S3: a GET of /test.txt with a Range header.
    @Test func theSignatureIsAWSsOwnExample() throws {
        let signer = SignatureV4(
            accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1")
        let signed = signer.sign(
            method: "GET", url: URL(string: "https://examplebucket.s3.amazonaws.com/test.txt")!,
            headers: ["Range": "bytes=0-9"],
            payloadSHA256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            date: Date(timeIntervalSince1970: 1_369_353_600))
        #expect(
            signed["Authorization"]
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }
}
