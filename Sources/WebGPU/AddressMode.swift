import CWebGPU

/// What a sampler does outside [0, 1] (`GPUAddressMode`).
public enum AddressMode: String, Sendable {
    case clampToEdge = "clamp-to-edge"
    case `repeat`
    case mirrorRepeat = "mirror-repeat"

    var c: WGPUAddressMode {
        switch self {
        case .clampToEdge: WGPUAddressMode_ClampToEdge
        case .repeat: WGPUAddressMode_Repeat
        case .mirrorRepeat: WGPUAddressMode_MirrorRepeat
        }
    }
}
