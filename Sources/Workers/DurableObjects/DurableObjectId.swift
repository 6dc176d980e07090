/// A Durable Object id: 32 bytes shown as 64 lowercase hex digits, as workerd's ids are.
/// The first 16 bytes identify the object; the last 16 are a MAC of the first under the namespace key,
/// so `idFromString` can refuse ids that were not made by the same namespace.
public struct DurableObjectId: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]
    /// The name it was derived from, when it came from `idFromName` (JS `id.name`).
    public let name: String?

    init(bytes: [UInt8], name: String?) {
        self.bytes = bytes
        self.name = name
    }

    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { hex }

    /// Equality is by bytes only: an id parsed from a string equals the one made from the name.
    public static func == (a: DurableObjectId, b: DurableObjectId) -> Bool { a.bytes == b.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}
