import CWebGPU

/// The entry point (`GPU` / `navigator.gpu`): owns a wgpu-native instance restricted to the primary
/// native backends (Vulkan on Linux: lavapipe or a real GPU).
public final class Instance: @unchecked Sendable {
    let handle: WGPUInstance

    public init() throws {
        var extras = WGPUInstanceExtras()
        extras.chain.sType = WGPUSType(rawValue: WGPUSType_InstanceExtras.rawValue)
        extras.backends = WGPUInstanceBackend_Primary
        extras.flags = WGPUInstanceFlag_Default
        let created = withUnsafeMutablePointer(to: &extras) { extrasPointer -> WGPUInstance? in
            var descriptor = WGPUInstanceDescriptor()
            descriptor.nextInChain = UnsafeMutableRawPointer(extrasPointer)
                .assumingMemoryBound(to: WGPUChainedStruct.self)
            return wgpuCreateInstance(&descriptor)
        }
        guard let created else { throw WebGPUError.requestFailed("wgpuCreateInstance returned no instance") }
        handle = created
    }

    deinit { wgpuInstanceRelease(handle) }

    /// Finds an adapter (`requestAdapter`); nil when none matches, as in WebGPU.
    public func requestAdapter(_ options: RequestAdapterOptions = RequestAdapterOptions()) async throws -> Adapter? {
        let completion = Completion<WGPUAdapter?>()
        var c = WGPURequestAdapterOptions()
        c.featureLevel = WGPUFeatureLevel_Core
        c.powerPreference = options.powerPreference?.c ?? WGPUPowerPreference_Undefined
        c.forceFallbackAdapter = options.forceFallbackAdapter ? 1 : 0
        c.backendType = WGPUBackendType_Undefined
        let callbackInfo = WGPURequestAdapterCallbackInfo(
            nextInChain: nil,
            mode: WGPUCallbackMode_AllowProcessEvents,
            callback: { status, adapter, message, userdata, _ in
                let completion = Completion<WGPUAdapter?>.take(userdata)
                switch status {
                case WGPURequestAdapterStatus_Success: completion.resolve(.success(adapter))
                case WGPURequestAdapterStatus_Unavailable: completion.resolve(.success(nil))
                default: completion.resolve(.failure(WebGPUError.requestFailed(String(message))))
                }
            },
            userdata1: completion.retainedPointer(),
            userdata2: nil
        )
        _ = wgpuInstanceRequestAdapter(handle, &c, callbackInfo)
        settleInline(completion, what: "requestAdapter")
        guard let adapter = try await completion.value() else { return nil }
        return Adapter(handle: adapter, instance: self)
    }

    /// wgpu-native answers adapter/device requests inside the call or at the next
    /// `wgpuInstanceProcessEvents`; no GPU work is involved, so nothing needs the pump thread. An answer
    /// that still has not come turns into an error instead of a hang.
    func settleInline<Value>(_ completion: Completion<Value>, what: String) {
        if !completion.isResolved { wgpuInstanceProcessEvents(handle) }
        if !completion.isResolved {
            completion.resolve(.failure(WebGPUError.requestFailed("wgpu-native did not answer \(what)")))
        }
    }
}

/// Options for `Instance.requestAdapter` (`GPURequestAdapterOptions`).
public struct RequestAdapterOptions: Sendable {
    public var powerPreference: PowerPreference?
    /// Ask for a fallback (software) adapter, e.g. lavapipe.
    public var forceFallbackAdapter: Bool

    public init(powerPreference: PowerPreference? = nil, forceFallbackAdapter: Bool = false) {
        self.powerPreference = powerPreference
        self.forceFallbackAdapter = forceFallbackAdapter
    }
}

extension Instance {
    /// The wgpu-native library version, e.g. "29.0.1.1".
    public static var wgpuNativeVersion: String {
        let packed = wgpuGetVersion()
        return [24, 16, 8, 0].map { String((packed >> $0) & 0xFF) }.joined(separator: ".")
    }
}
