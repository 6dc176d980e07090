import CWebGPU

/// Adapter selection hint (`GPUPowerPreference`).
public enum PowerPreference: String, Sendable {
    case lowPower = "low-power"
    case highPerformance = "high-performance"

    var c: WGPUPowerPreference {
        switch self {
        case .lowPower: WGPUPowerPreference_LowPower
        case .highPerformance: WGPUPowerPreference_HighPerformance
        }
    }
}
