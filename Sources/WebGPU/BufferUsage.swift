/// How a buffer may be used (`GPUBufferUsage`); the bits equal webgpu.h's.
public struct BufferUsage: OptionSet, Sendable, Hashable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let mapRead = BufferUsage(rawValue: 0x0001)
    public static let mapWrite = BufferUsage(rawValue: 0x0002)
    public static let copySrc = BufferUsage(rawValue: 0x0004)
    public static let copyDst = BufferUsage(rawValue: 0x0008)
    public static let index = BufferUsage(rawValue: 0x0010)
    public static let vertex = BufferUsage(rawValue: 0x0020)
    public static let uniform = BufferUsage(rawValue: 0x0040)
    public static let storage = BufferUsage(rawValue: 0x0080)
    public static let indirect = BufferUsage(rawValue: 0x0100)
    public static let queryResolve = BufferUsage(rawValue: 0x0200)
}
