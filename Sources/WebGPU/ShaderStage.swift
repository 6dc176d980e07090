/// Shader stages a binding is visible to (`GPUShaderStage`); the bits equal webgpu.h's.
public struct ShaderStage: OptionSet, Sendable, Hashable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let vertex = ShaderStage(rawValue: 0x1)
    public static let fragment = ShaderStage(rawValue: 0x2)
    public static let compute = ShaderStage(rawValue: 0x4)
}
