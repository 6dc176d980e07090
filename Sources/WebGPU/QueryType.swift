import CWebGPU

/// What a query set measures (`GPUQueryType`).
public enum QueryType: String, Sendable {
    case occlusion, timestamp

    var c: WGPUQueryType {
        self == .occlusion ? WGPUQueryType_Occlusion : WGPUQueryType_Timestamp
    }
}
