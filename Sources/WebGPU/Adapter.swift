import CWebGPU

/// A physical or software GPU (`GPUAdapter`): its identity, features and limits, and device requests.
public final class Adapter: @unchecked Sendable {
    let handle: WGPUAdapter
    let instance: Instance
    public let info: AdapterInfo
    public let features: Set<FeatureName>
    public let limits: Limits

    init(handle: WGPUAdapter, instance: Instance) {
        self.handle = handle
        self.instance = instance
        var info = WGPUAdapterInfo()
        _ = wgpuAdapterGetInfo(handle, &info)
        self.info = AdapterInfo(consuming: info)
        var supported = WGPUSupportedFeatures()
        wgpuAdapterGetFeatures(handle, &supported)
        features = FeatureName.set(consuming: supported)
        var limits = WGPULimits()
        _ = wgpuAdapterGetLimits(handle, &limits)
        self.limits = Limits(limits)
    }

    deinit { wgpuAdapterRelease(handle) }

    /// Whether this is a software adapter (WebGPU's `isFallbackAdapter`).
    public var isFallbackAdapter: Bool { info.adapterType == .cpu }

    /// Creates a device (`requestDevice`). Unsupported features and unknown or too-high limits throw
    /// before anything is asked of wgpu, as WebGPU specifies.
    public func requestDevice(_ descriptor: DeviceDescriptor = DeviceDescriptor()) async throws -> Device {
        for feature in descriptor.requiredFeatures where !features.contains(feature) {
            throw WebGPUError.invalidArgument("requestDevice: the adapter does not support feature '\(feature.rawValue)'")
        }
        for (name, value) in descriptor.requiredLimits {
            guard limits[name] != nil else {
                throw WebGPUError.operation("requestDevice: unknown limit '\(name)'")
            }
            if limits.isBetter(value, than: name) {
                throw WebGPUError.operation(
                    "requestDevice: limit \(name)=\(value) is better than the adapter's \(limits[name]!)")
            }
        }
        let sink = ErrorSink()
        let completion = Completion<WGPUDevice>()
        withCArena { arena in
            var c = WGPUDeviceDescriptor()
            c.label = arena.stringView(descriptor.label)
            let features = descriptor.requiredFeatures.map(\.c)
            c.requiredFeatureCount = features.count
            c.requiredFeatures = arena.array(features)
            c.requiredLimits = UnsafePointer(arena.pointer(Limits.c(requesting: descriptor.requiredLimits)))
            c.defaultQueue.label = arena.stringView(descriptor.label.map { "\($0) queue" })
            // The sink is never freed: wgpu may report errors or loss until it drops its last internal
            // reference to the device, which can be after Kiln's last release. It is a few bytes per device.
            let sinkPointer = Unmanaged.passRetained(sink).toOpaque()
            // Loss can happen with nothing pending on the pump (destroy()), so its callback may run
            // spontaneously on any thread; `ErrorSink.deviceLost` is thread-safe.
            c.deviceLostCallbackInfo = WGPUDeviceLostCallbackInfo(
                nextInChain: nil, mode: WGPUCallbackMode_AllowSpontaneous,
                callback: ErrorSink.lostCallback, userdata1: sinkPointer, userdata2: nil)
            c.uncapturedErrorCallbackInfo = WGPUUncapturedErrorCallbackInfo(
                nextInChain: nil, callback: ErrorSink.uncapturedCallback, userdata1: sinkPointer, userdata2: nil)
            let callbackInfo = WGPURequestDeviceCallbackInfo(
                nextInChain: nil,
                mode: WGPUCallbackMode_AllowProcessEvents,
                callback: { status, device, message, userdata, _ in
                    let completion = Completion<WGPUDevice>.take(userdata)
                    if status == WGPURequestDeviceStatus_Success, let device {
                        completion.resolve(.success(device))
                    } else {
                        completion.resolve(.failure(WebGPUError.requestFailed(String(message))))
                    }
                },
                userdata1: completion.retainedPointer(),
                userdata2: nil
            )
            _ = wgpuAdapterRequestDevice(handle, &c, callbackInfo)
        }
        instance.settleInline(completion, what: "requestDevice")
        let device = try await completion.value()
        return Device(handle: device, adapter: self, sink: sink, label: descriptor.label ?? "device")
    }
}
