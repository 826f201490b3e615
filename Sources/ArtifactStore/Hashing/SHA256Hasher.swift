import CLibCrypto
import Foundation

/// SHA-256 through the system's libcrypto (OpenSSL 3), which uses the processor's SHA or AVX2 instructions
/// when it has them. One hasher takes any number of `update` calls and gives one digest.
struct SHA256Hasher: ~Copyable {
    /// Fetched once: an algorithm object is immutable and may be shared by every thread.
    private nonisolated(unsafe) static let algorithm: OpaquePointer = {
        guard let algorithm = EVP_MD_fetch(nil, "SHA256", nil) else {
            fatalError("libcrypto has no SHA256 digest: the OpenSSL installation is broken (check libssl3)")
        }
        return algorithm
    }()

    private let context: OpaquePointer

    init() {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, Self.algorithm, nil) == 1 else {
            fatalError("libcrypto could not start a SHA256 digest (out of memory?)")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        // Only fails for a context that was never initialized, which `init` rules out.
        _ = EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
    }

    mutating func update(_ bytes: some DataProtocol) {
        for region in bytes.regions {
            region.withUnsafeBytes { update($0) }
        }
    }

    /// The 32-byte digest of everything given to `update`.
    consuming func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        return digest
    }
}
