import CWebGPU

/// How a shader uses a sampler binding (`GPUSamplerBindingType`).
public enum SamplerBindingType: String, Sendable {
    case filtering
    case nonFiltering = "non-filtering"
    case comparison

    var c: WGPUSamplerBindingType {
        switch self {
        case .filtering: WGPUSamplerBindingType_Filtering
        case .nonFiltering: WGPUSamplerBindingType_NonFiltering
        case .comparison: WGPUSamplerBindingType_Comparison
        }
    }
}
