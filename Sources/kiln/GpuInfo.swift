import ArgumentParser
import WebGPU

/// `kiln gpu info`: adapter identity, features and the limits that matter for compute.
struct GpuInfo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Print the adapter's identity, features and key limits.")

    static let keyLimits = [
        "maxBufferSize", "maxStorageBufferBindingSize", "maxUniformBufferBindingSize",
        "maxComputeWorkgroupStorageSize", "maxComputeInvocationsPerWorkgroup",
        "maxComputeWorkgroupSizeX", "maxComputeWorkgroupSizeY", "maxComputeWorkgroupSizeZ",
        "maxComputeWorkgroupsPerDimension", "maxBindGroups", "maxStorageBuffersPerShaderStage",
        "minStorageBufferOffsetAlignment", "minUniformBufferOffsetAlignment",
    ]

    func run() async throws {
        let instance = try Instance()
        guard let adapter = try await instance.requestAdapter(RequestAdapterOptions(powerPreference: .highPerformance)) else {
            throw ValidationError("No WebGPU adapter found (is a Vulkan driver installed? try mesa-vulkan-drivers)")
        }
        let info = adapter.info
        print("wgpu-native   \(Instance.wgpuNativeVersion)")
        print("adapter       \(info.device)")
        print("vendor        \(info.vendor) (0x\(String(info.vendorID, radix: 16)))")
        print("architecture  \(info.architecture.isEmpty ? "-" : info.architecture)")
        print("driver        \(info.description)")
        print("backend       \(info.backendType.rawValue), \(info.adapterType.rawValue)")
        print("features      \(adapter.features.map(\.rawValue).sorted().joined(separator: ", "))")
        print("limits")
        for name in Self.keyLimits {
            print("  \(name.padding(toLength: 36, withPad: " ", startingAt: 0)) \(adapter.limits[name]!)")
        }
    }
}
