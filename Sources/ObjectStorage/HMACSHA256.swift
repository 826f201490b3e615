import CLibCrypto
import Foundation

/// HMAC-SHA256 through the system's libcrypto, for request signing.
enum HMACSHA256 {
    static func authenticate(_ data: some DataProtocol, key: some DataProtocol) -> [UInt8] {
        let key = Array(key)
        let data = Array(data)
        var out = [UInt8](repeating: 0, count: 32)
        var length = 0
        let done = key.withUnsafeBytes { keyBytes in
            data.withUnsafeBytes { dataBytes in
                out.withUnsafeMutableBytes { outBytes in
                    EVP_Q_mac(
                        nil, "HMAC", nil, "SHA256", nil, keyBytes.baseAddress, keyBytes.count,
                        dataBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), dataBytes.count,
                        outBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), 32, &length)
                }
            }
        }
        precondition(done != nil && length == 32, "libcrypto could not compute an HMAC-SHA256 (is libssl3 broken?)")
        return out
    }
}
