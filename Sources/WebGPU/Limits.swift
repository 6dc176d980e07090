import CWebGPU

/// Resource limits of an adapter or device (`GPUSupportedLimits`). Every limit is a `UInt64` here
/// (WebGPU's `GPUSize64`); the table below maps each to its WebGPU name and its `WGPULimits` field.
public struct Limits: Sendable, Equatable {
    public var maxTextureDimension1D: UInt64 = 0
    public var maxTextureDimension2D: UInt64 = 0
    public var maxTextureDimension3D: UInt64 = 0
    public var maxTextureArrayLayers: UInt64 = 0
    public var maxBindGroups: UInt64 = 0
    public var maxBindGroupsPlusVertexBuffers: UInt64 = 0
    public var maxBindingsPerBindGroup: UInt64 = 0
    public var maxDynamicUniformBuffersPerPipelineLayout: UInt64 = 0
    public var maxDynamicStorageBuffersPerPipelineLayout: UInt64 = 0
    public var maxSampledTexturesPerShaderStage: UInt64 = 0
    public var maxSamplersPerShaderStage: UInt64 = 0
    public var maxStorageBuffersPerShaderStage: UInt64 = 0
    public var maxStorageTexturesPerShaderStage: UInt64 = 0
    public var maxUniformBuffersPerShaderStage: UInt64 = 0
    public var maxUniformBufferBindingSize: UInt64 = 0
    public var maxStorageBufferBindingSize: UInt64 = 0
    public var minUniformBufferOffsetAlignment: UInt64 = 0
    public var minStorageBufferOffsetAlignment: UInt64 = 0
    public var maxVertexBuffers: UInt64 = 0
    public var maxBufferSize: UInt64 = 0
    public var maxVertexAttributes: UInt64 = 0
    public var maxVertexBufferArrayStride: UInt64 = 0
    public var maxInterStageShaderVariables: UInt64 = 0
    public var maxColorAttachments: UInt64 = 0
    public var maxColorAttachmentBytesPerSample: UInt64 = 0
    public var maxComputeWorkgroupStorageSize: UInt64 = 0
    public var maxComputeInvocationsPerWorkgroup: UInt64 = 0
    public var maxComputeWorkgroupSizeX: UInt64 = 0
    public var maxComputeWorkgroupSizeY: UInt64 = 0
    public var maxComputeWorkgroupSizeZ: UInt64 = 0
    public var maxComputeWorkgroupsPerDimension: UInt64 = 0
    public var maxImmediateSize: UInt64 = 0

    public init() {}

    /// The limit called `name` in WebGPU (e.g. "maxBufferSize"), or nil if there is none.
    public subscript(name: String) -> UInt64? {
        Self.fields.first { $0.name == name }.map { self[keyPath: $0.swift] }
    }

    /// WebGPU's names of all limits, in header order.
    public static var names: [String] { fields.map(\.name) }

    /// Whether a requested value for `name` is better than `self` allows: alignments are better when
    /// smaller, every other limit when larger.
    func isBetter(_ value: UInt64, than name: String) -> Bool {
        guard let supported = self[name] else { return false }
        return name.hasPrefix("min") ? value < supported : value > supported
    }

    init(_ c: WGPULimits) {
        for field in Self.fields {
            switch field.c {
            case .u32(let path): self[keyPath: field.swift] = UInt64(c[keyPath: path])
            case .u64(let path): self[keyPath: field.swift] = c[keyPath: path]
            }
        }
    }

    /// A `WGPULimits` with every limit "undefined" (use the default) except those in `values`.
    static func c(requesting values: [String: UInt64]) -> WGPULimits {
        var c = WGPULimits()
        for field in fields {
            let value = values[field.name]
            switch field.c {
            case .u32(let path): c[keyPath: path] = value.map { UInt32(clamping: $0) } ?? UInt32.max
            case .u64(let path): c[keyPath: path] = value ?? UInt64.max
            }
        }
        return c
    }

    private enum CField {
        case u32(WritableKeyPath<WGPULimits, UInt32>)
        case u64(WritableKeyPath<WGPULimits, UInt64>)
    }

    private static let fields: [(name: String, swift: WritableKeyPath<Limits, UInt64>, c: CField)] = [
        ("maxTextureDimension1D", \.maxTextureDimension1D, .u32(\.maxTextureDimension1D)),
        ("maxTextureDimension2D", \.maxTextureDimension2D, .u32(\.maxTextureDimension2D)),
        ("maxTextureDimension3D", \.maxTextureDimension3D, .u32(\.maxTextureDimension3D)),
        ("maxTextureArrayLayers", \.maxTextureArrayLayers, .u32(\.maxTextureArrayLayers)),
        ("maxBindGroups", \.maxBindGroups, .u32(\.maxBindGroups)),
        ("maxBindGroupsPlusVertexBuffers", \.maxBindGroupsPlusVertexBuffers, .u32(\.maxBindGroupsPlusVertexBuffers)),
        ("maxBindingsPerBindGroup", \.maxBindingsPerBindGroup, .u32(\.maxBindingsPerBindGroup)),
        ("maxDynamicUniformBuffersPerPipelineLayout", \.maxDynamicUniformBuffersPerPipelineLayout, .u32(\.maxDynamicUniformBuffersPerPipelineLayout)),
        ("maxDynamicStorageBuffersPerPipelineLayout", \.maxDynamicStorageBuffersPerPipelineLayout, .u32(\.maxDynamicStorageBuffersPerPipelineLayout)),
        ("maxSampledTexturesPerShaderStage", \.maxSampledTexturesPerShaderStage, .u32(\.maxSampledTexturesPerShaderStage)),
        ("maxSamplersPerShaderStage", \.maxSamplersPerShaderStage, .u32(\.maxSamplersPerShaderStage)),
        ("maxStorageBuffersPerShaderStage", \.maxStorageBuffersPerShaderStage, .u32(\.maxStorageBuffersPerShaderStage)),
        ("maxStorageTexturesPerShaderStage", \.maxStorageTexturesPerShaderStage, .u32(\.maxStorageTexturesPerShaderStage)),
        ("maxUniformBuffersPerShaderStage", \.maxUniformBuffersPerShaderStage, .u32(\.maxUniformBuffersPerShaderStage)),
        ("maxUniformBufferBindingSize", \.maxUniformBufferBindingSize, .u64(\.maxUniformBufferBindingSize)),
        ("maxStorageBufferBindingSize", \.maxStorageBufferBindingSize, .u64(\.maxStorageBufferBindingSize)),
        ("minUniformBufferOffsetAlignment", \.minUniformBufferOffsetAlignment, .u32(\.minUniformBufferOffsetAlignment)),
        ("minStorageBufferOffsetAlignment", \.minStorageBufferOffsetAlignment, .u32(\.minStorageBufferOffsetAlignment)),
        ("maxVertexBuffers", \.maxVertexBuffers, .u32(\.maxVertexBuffers)),
        ("maxBufferSize", \.maxBufferSize, .u64(\.maxBufferSize)),
        ("maxVertexAttributes", \.maxVertexAttributes, .u32(\.maxVertexAttributes)),
        ("maxVertexBufferArrayStride", \.maxVertexBufferArrayStride, .u32(\.maxVertexBufferArrayStride)),
        ("maxInterStageShaderVariables", \.maxInterStageShaderVariables, .u32(\.maxInterStageShaderVariables)),
        ("maxColorAttachments", \.maxColorAttachments, .u32(\.maxColorAttachments)),
        ("maxColorAttachmentBytesPerSample", \.maxColorAttachmentBytesPerSample, .u32(\.maxColorAttachmentBytesPerSample)),
        ("maxComputeWorkgroupStorageSize", \.maxComputeWorkgroupStorageSize, .u32(\.maxComputeWorkgroupStorageSize)),
        ("maxComputeInvocationsPerWorkgroup", \.maxComputeInvocationsPerWorkgroup, .u32(\.maxComputeInvocationsPerWorkgroup)),
        ("maxComputeWorkgroupSizeX", \.maxComputeWorkgroupSizeX, .u32(\.maxComputeWorkgroupSizeX)),
        ("maxComputeWorkgroupSizeY", \.maxComputeWorkgroupSizeY, .u32(\.maxComputeWorkgroupSizeY)),
        ("maxComputeWorkgroupSizeZ", \.maxComputeWorkgroupSizeZ, .u32(\.maxComputeWorkgroupSizeZ)),
        ("maxComputeWorkgroupsPerDimension", \.maxComputeWorkgroupsPerDimension, .u32(\.maxComputeWorkgroupsPerDimension)),
        ("maxImmediateSize", \.maxImmediateSize, .u32(\.maxImmediateSize)),
    ]
}
