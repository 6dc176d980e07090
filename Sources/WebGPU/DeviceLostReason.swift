import CWebGPU

/// Why a device was lost (`GPUDeviceLostReason`).
public enum DeviceLostReason: String, Sendable {
    case unknown
    case destroyed

    init(_ reason: WGPUDeviceLostReason) {
        self = reason == WGPUDeviceLostReason_Destroyed ? .destroyed : .unknown
    }
}

/// What `Device.lost` resolves to (`GPUDeviceLostInfo`).
public struct DeviceLostInfo: Sendable, Equatable {
    public let reason: DeviceLostReason
    public let message: String
}
