/// Access requested by `Buffer.mapAsync` (`GPUMapMode`); the bits equal webgpu.h's.
public struct MapMode: OptionSet, Sendable, Hashable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let read = MapMode(rawValue: 0x1)
    public static let write = MapMode(rawValue: 0x2)
}
