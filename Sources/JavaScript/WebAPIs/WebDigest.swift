import Crypto

/// The SHA family behind `crypto.subtle.digest`, over swift-crypto.
enum WebDigest {
    /// - Parameters:
    ///   - algorithm: a normalized WebCrypto name: "SHA-1", "SHA-256", "SHA-384" or "SHA-512".
    ///   - bytes: the data to hash.
    /// - Returns: the digest, or nil for an unknown algorithm.
    static func digest(algorithm: String, of bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        switch algorithm {
        case "SHA-1": return Array(Insecure.SHA1.hash(data: bytes))
        case "SHA-256": return Array(SHA256.hash(data: bytes))
        case "SHA-384": return Array(SHA384.hash(data: bytes))
        case "SHA-512": return Array(SHA512.hash(data: bytes))
        default: return nil
        }
    }
}
