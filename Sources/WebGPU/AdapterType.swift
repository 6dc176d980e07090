import CWebGPU

/// What kind of device an adapter is; `.cpu` for software rasterizers such as lavapipe.
public enum AdapterType: String, Sendable {
    case discreteGPU = "discrete-gpu"
    case integratedGPU = "integrated-gpu"
    case cpu
    case unknown

    init(_ type: WGPUAdapterType) {
        switch type {
        case WGPUAdapterType_DiscreteGPU: self = .discreteGPU
        case WGPUAdapterType_IntegratedGPU: self = .integratedGPU
        case WGPUAdapterType_CPU: self = .cpu
        default: self = .unknown
        }
    }
}
