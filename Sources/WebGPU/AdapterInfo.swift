import CWebGPU

/// Identifies an adapter (`GPUAdapterInfo` plus wgpu's backend and adapter type).
public struct AdapterInfo: Sendable, Equatable {
    public let vendor: String
    public let architecture: String
    public let device: String
    public let description: String
    public let backendType: BackendType
    public let adapterType: AdapterType
    public let vendorID: UInt32
    public let deviceID: UInt32
    public let subgroupMinSize: UInt32
    public let subgroupMaxSize: UInt32

    /// Copies and frees the strings wgpu-native allocated for `info`.
    init(consuming info: WGPUAdapterInfo) {
        vendor = String(info.vendor)
        architecture = String(info.architecture)
        device = String(info.device)
        description = String(info.description)
        backendType = BackendType(info.backendType)
        adapterType = AdapterType(info.adapterType)
        vendorID = info.vendorID
        deviceID = info.deviceID
        subgroupMinSize = info.subgroupMinSize
        subgroupMaxSize = info.subgroupMaxSize
        wgpuAdapterInfoFreeMembers(info)
    }
}
