/// What `Adapter.requestDevice` asks for (`GPUDeviceDescriptor`).
public struct DeviceDescriptor: Sendable {
    public var label: String?
    public var requiredFeatures: Set<FeatureName>
    /// Limits by WebGPU name ("maxBufferSize", ...); unnamed limits get WebGPU's defaults.
    public var requiredLimits: [String: UInt64]

    public init(label: String? = nil, requiredFeatures: Set<FeatureName> = [], requiredLimits: [String: UInt64] = [:]) {
        self.label = label
        self.requiredFeatures = requiredFeatures
        self.requiredLimits = requiredLimits
    }
}
