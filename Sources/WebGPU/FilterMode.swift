import CWebGPU

/// Texel filtering (`GPUFilterMode`, also used for `GPUMipmapFilterMode`).
public enum FilterMode: String, Sendable {
    case nearest, linear

    var c: WGPUFilterMode {
        self == .nearest ? WGPUFilterMode_Nearest : WGPUFilterMode_Linear
    }

    var mipmapC: WGPUMipmapFilterMode {
        self == .nearest ? WGPUMipmapFilterMode_Nearest : WGPUMipmapFilterMode_Linear
    }
}
