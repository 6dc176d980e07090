import CWebGPU

/// An optional capability of an adapter or device, named as in WebGPU (`GPUFeatureName`), plus the
/// wgpu-native extensions that matter for compute.
public enum FeatureName: String, Sendable, CaseIterable {
    case coreFeaturesAndLimits = "core-features-and-limits"
    case depthClipControl = "depth-clip-control"
    case depth32floatStencil8 = "depth32float-stencil8"
    case textureCompressionBC = "texture-compression-bc"
    case textureCompressionBCSliced3D = "texture-compression-bc-sliced-3d"
    case textureCompressionETC2 = "texture-compression-etc2"
    case textureCompressionASTC = "texture-compression-astc"
    case textureCompressionASTCSliced3D = "texture-compression-astc-sliced-3d"
    case timestampQuery = "timestamp-query"
    case indirectFirstInstance = "indirect-first-instance"
    case shaderF16 = "shader-f16"
    case rg11b10ufloatRenderable = "rg11b10ufloat-renderable"
    case bgra8unormStorage = "bgra8unorm-storage"
    case float32Filterable = "float32-filterable"
    case float32Blendable = "float32-blendable"
    case clipDistances = "clip-distances"
    case dualSourceBlending = "dual-source-blending"
    case subgroups
    case textureFormatsTier1 = "texture-formats-tier1"
    case textureFormatsTier2 = "texture-formats-tier2"
    case primitiveIndex = "primitive-index"
    case textureComponentSwizzle = "texture-component-swizzle"
    // wgpu-native extensions (wgpu.h).
    case timestampQueryInsideEncoders = "timestamp-query-inside-encoders"
    case timestampQueryInsidePasses = "timestamp-query-inside-passes"
    case shaderF64 = "shader-f64"
    case shaderInt64 = "shader-int64"
    case shaderFloat32Atomic = "shader-float32-atomic"
    case mappablePrimaryBuffers = "mappable-primary-buffers"
    case immediates
    /// Subgroup built-ins in compute shaders (wgpu-native's `Subgroup`; WebGPU's `subgroups` is not offered).
    case subgroup

    var c: WGPUFeatureName {
        WGPUFeatureName(rawValue: Self.cValues[self]!)
    }

    init?(_ feature: WGPUFeatureName) {
        guard let name = Self.byCValue[feature.rawValue] else { return nil }
        self = name
    }

    private static let cValues: [FeatureName: UInt32] = [
        .coreFeaturesAndLimits: WGPUFeatureName_CoreFeaturesAndLimits.rawValue,
        .depthClipControl: WGPUFeatureName_DepthClipControl.rawValue,
        .depth32floatStencil8: WGPUFeatureName_Depth32FloatStencil8.rawValue,
        .textureCompressionBC: WGPUFeatureName_TextureCompressionBC.rawValue,
        .textureCompressionBCSliced3D: WGPUFeatureName_TextureCompressionBCSliced3D.rawValue,
        .textureCompressionETC2: WGPUFeatureName_TextureCompressionETC2.rawValue,
        .textureCompressionASTC: WGPUFeatureName_TextureCompressionASTC.rawValue,
        .textureCompressionASTCSliced3D: WGPUFeatureName_TextureCompressionASTCSliced3D.rawValue,
        .timestampQuery: WGPUFeatureName_TimestampQuery.rawValue,
        .indirectFirstInstance: WGPUFeatureName_IndirectFirstInstance.rawValue,
        .shaderF16: WGPUFeatureName_ShaderF16.rawValue,
        .rg11b10ufloatRenderable: WGPUFeatureName_RG11B10UfloatRenderable.rawValue,
        .bgra8unormStorage: WGPUFeatureName_BGRA8UnormStorage.rawValue,
        .float32Filterable: WGPUFeatureName_Float32Filterable.rawValue,
        .float32Blendable: WGPUFeatureName_Float32Blendable.rawValue,
        .clipDistances: WGPUFeatureName_ClipDistances.rawValue,
        .dualSourceBlending: WGPUFeatureName_DualSourceBlending.rawValue,
        .subgroups: WGPUFeatureName_Subgroups.rawValue,
        .textureFormatsTier1: WGPUFeatureName_TextureFormatsTier1.rawValue,
        .textureFormatsTier2: WGPUFeatureName_TextureFormatsTier2.rawValue,
        .primitiveIndex: WGPUFeatureName_PrimitiveIndex.rawValue,
        .textureComponentSwizzle: WGPUFeatureName_TextureComponentSwizzle.rawValue,
        .timestampQueryInsideEncoders: WGPUNativeFeature_TimestampQueryInsideEncoders.rawValue,
        .timestampQueryInsidePasses: WGPUNativeFeature_TimestampQueryInsidePasses.rawValue,
        .shaderF64: WGPUNativeFeature_ShaderF64.rawValue,
        .shaderInt64: WGPUNativeFeature_ShaderInt64.rawValue,
        .shaderFloat32Atomic: WGPUNativeFeature_ShaderFloat32Atomic.rawValue,
        .mappablePrimaryBuffers: WGPUNativeFeature_MappablePrimaryBuffers.rawValue,
        .immediates: WGPUNativeFeature_Immediates.rawValue,
        .subgroup: WGPUNativeFeature_Subgroup.rawValue,
    ]

    private static let byCValue = Dictionary(uniqueKeysWithValues: cValues.map { ($0.value, $0.key) })

    /// Reads a `WGPUSupportedFeatures` list and frees it.
    static func set(consuming supported: WGPUSupportedFeatures) -> Set<FeatureName> {
        let names = (0..<supported.featureCount).compactMap { FeatureName(supported.features[$0]) }
        wgpuSupportedFeaturesFreeMembers(supported)
        return Set(names)
    }
}
