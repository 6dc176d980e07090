import Crypto

/// Digests of an object's bytes. `md5` is always present for single-part objects (it is also the etag);
/// the SHA digests are present when the writer supplied them (they were verified on the way in).
public struct R2Checksums: Codable, Equatable, Sendable {
    public var md5: [UInt8]?
    public var sha1: [UInt8]?
    public var sha256: [UInt8]?
    public var sha384: [UInt8]?
    public var sha512: [UInt8]?

    public init(md5: [UInt8]? = nil, sha1: [UInt8]? = nil, sha256: [UInt8]? = nil,
                sha384: [UInt8]? = nil, sha512: [UInt8]? = nil) {
        self.md5 = md5
        self.sha1 = sha1
        self.sha256 = sha256
        self.sha384 = sha384
        self.sha512 = sha512
    }
}

/// Lowercase hex, the form R2 uses for etags and `checksums.toJSON()`.
public func hexString<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var characters: [UInt8] = []
    for byte in bytes {
        characters.append(digits[Int(byte >> 4)])
        characters.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: characters, as: UTF8.self)
}

/// Incremental digests over the bytes of one put: md5 always, a SHA only when it must be verified.
struct R2Hasher {
    private var md5 = Insecure.MD5()
    private var sha1: Insecure.SHA1?
    private var sha256: SHA256?
    private var sha384: SHA384?
    private var sha512: SHA512?

    init(verifying expected: R2Checksums) {
        if expected.sha1 != nil { sha1 = Insecure.SHA1() }
        if expected.sha256 != nil { sha256 = SHA256() }
        if expected.sha384 != nil { sha384 = SHA384() }
        if expected.sha512 != nil { sha512 = SHA512() }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        md5.update(bufferPointer: bytes)
        sha1?.update(bufferPointer: bytes)
        sha256?.update(bufferPointer: bytes)
        sha384?.update(bufferPointer: bytes)
        sha512?.update(bufferPointer: bytes)
    }

    func finalize() -> R2Checksums {
        R2Checksums(md5: Array(md5.finalize()), sha1: sha1.map { Array($0.finalize()) },
                    sha256: sha256.map { Array($0.finalize()) }, sha384: sha384.map { Array($0.finalize()) },
                    sha512: sha512.map { Array($0.finalize()) })
    }

    /// Throws `BadDigest` naming the first digest that differs from what the writer supplied.
    static func verify(_ actual: R2Checksums, against expected: R2Checksums) throws {
        let pairs: [(String, [UInt8]?, [UInt8]?)] = [
            ("MD5", expected.md5, actual.md5), ("SHA-1", expected.sha1, actual.sha1),
            ("SHA-256", expected.sha256, actual.sha256), ("SHA-384", expected.sha384, actual.sha384),
            ("SHA-512", expected.sha512, actual.sha512),
        ]
        for (name, wanted, got) in pairs {
            if let wanted, wanted != got {
                throw R2Error("put", .badDigest, "The \(name) checksum you specified did not match what we received.")
            }
        }
    }
}
