import Crypto
import Foundation

/// Makes and checks ids for one Durable Object class, following workerd's local scheme:
/// `idFromName` hashes the name under the namespace key (same name, same id, across restarts),
/// `newUniqueId` draws random bytes, and both append a truncated HMAC-SHA256 of the first half.
public struct DurableObjectIdFactory: Sendable {
    static let baseLength = 16
    private let keyBytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// `uniqueKey` identifies the namespace (Kiln uses the worker's name and the class name), so two classes
    /// never share ids and the ids stay the same across restarts.
    public init(uniqueKey: String) {
        keyBytes = Array(SHA256.hash(data: Data(uniqueKey.utf8)))
    }

    public func idFromName(_ name: String) -> DurableObjectId {
        var hasher = SHA256()
        hasher.update(data: keyBytes)
        hasher.update(data: Data(name.utf8))
        let base = Array(hasher.finalize().prefix(Self.baseLength))
        return DurableObjectId(bytes: base + mac(base), name: name)
    }

    public func newUniqueId() -> DurableObjectId {
        var generator = SystemRandomNumberGenerator()
        let base = (0..<Self.baseLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return DurableObjectId(bytes: base + mac(base), name: nil)
    }

    public enum ParseError: Error, CustomStringConvertible, Equatable {
        case badLength(Int)
        case notHex
        case wrongNamespace

        public var description: String {
            switch self {
            case .badLength(let n): return "Invalid Durable Object ID: must be 64 hex digits, got \(n) characters"
            case .notHex: return "Invalid Durable Object ID: must be 64 hex digits"
            case .wrongNamespace: return "Durable Object ID is not valid for this namespace"
            }
        }
    }

    public func idFromString(_ text: String) throws -> DurableObjectId {
        let chars = Array(text.utf8)
        guard chars.count == 2 * (Self.baseLength * 2) else { throw ParseError.badLength(chars.count) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chars.count / 2)
        for i in stride(from: 0, to: chars.count, by: 2) {
            guard let hi = Self.nibble(chars[i]), let lo = Self.nibble(chars[i + 1]) else { throw ParseError.notHex }
            bytes.append(hi << 4 | lo)
        }
        let base = Array(bytes.prefix(Self.baseLength))
        guard Array(bytes.suffix(Self.baseLength)) == mac(base) else { throw ParseError.wrongNamespace }
        return DurableObjectId(bytes: bytes, name: nil)
    }

    private func mac(_ base: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: base, using: key).prefix(Self.baseLength))
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
