import CWebGPU

/// A logical device (`GPUDevice`): creates every other object (see the `extension Device` in each
/// object's file), owns the queue, and routes errors to error scopes or the uncaptured-error handler.
///
/// Thread safety: all methods may be called from any thread. Error scopes belong to the device, not to
/// a thread (see `ErrorSink`), so two independent users should each request their own device.
public final class Device: @unchecked Sendable {
    let core: DeviceCore
    public let queue: Queue
    public let features: Set<FeatureName>
    public let limits: Limits
    public let adapterInfo: AdapterInfo
    public let label: String

    init(handle: WGPUDevice, adapter: Adapter, sink: ErrorSink, label: String) {
        core = DeviceCore(handle: handle, instance: adapter.instance, sink: sink, label: label)
        var supported = WGPUSupportedFeatures()
        wgpuDeviceGetFeatures(handle, &supported)
        features = FeatureName.set(consuming: supported)
        var limits = WGPULimits()
        _ = wgpuDeviceGetLimits(handle, &limits)
        self.limits = Limits(limits)
        adapterInfo = adapter.info
        self.label = label
        queue = Queue(core: core)
    }

    deinit {
        // Drop the user's handler (and whatever it captured); the sink itself lives on (see Adapter).
        core.sink.setUncapturedHandler(nil)
    }

    /// Starts an error scope (`pushErrorScope`).
    public func pushErrorScope(_ filter: ErrorFilter) {
        core.sink.pushScope(filter)
    }

    /// Ends the innermost error scope and returns the first error it caught, if any (`popErrorScope`).
    /// wgpu reports errors synchronously, so every error of every earlier call is already counted.
    /// - Throws: `WebGPUError.operation` when no scope is open.
    public func popErrorScope() throws -> GPUError? {
        try core.sink.popScope()
    }

    /// Runs `body` and returns the errors it raised on this thread, kept from the error scopes and the
    /// uncaptured-error handler so the caller decides where they go. Cheaper than pushing a scope per filter
    /// and popping them: no lock, no scope stack.
    public func capturingErrors<Result>(_ body: () -> Result) -> (Result, [GPUError]) {
        ErrorCapture.run(body)
    }

    /// Receives errors no scope caught (`onuncapturederror`). It runs on a private serial queue, never
    /// inside wgpu, so it may call back into WebGPU. Without a handler they are printed to stderr.
    public func setUncapturedErrorHandler(_ handler: (@Sendable (GPUError) -> Void)?) {
        core.sink.setUncapturedHandler(handler)
    }

    /// Resolves when the device is lost or destroyed (`device.lost`).
    public var lost: DeviceLostInfo {
        get async {
            // The sink's completion never fails.
            (try? await core.sink.lost.value()) ?? DeviceLostInfo(reason: .unknown, message: "")
        }
    }

    /// Calls `handler` once when the device is lost or destroyed, on the thread that notices it (the event
    /// pump's, or the caller of `destroy()`): for executors of their own that must hear of a loss wgpu reports
    /// on its own (a driver reset, an out-of-memory loss), not only of `destroy()`.
    public func onLost(_ handler: @escaping @Sendable (DeviceLostInfo) -> Void) {
        core.sink.lost.whenResolved { result in
            // The sink's completion never fails.
            if case .success(let info) = result { handler(info) }
        }
    }

    /// Makes the calling thread, which must run an event loop of its own (a JS isolate), poll for the
    /// operations it issues: they no longer wake the device's event pump, and the thread must call
    /// `pollWhenIdle(mayBlock:)` every time it runs out of work. See `EventPump` ("Owner polling").
    public func letOwnerPoll() {
        core.pump.letOwnerPoll()
    }

    /// For the owner (see `letOwnerPoll`), each time it is idle: when an operation waits on GPU work that
    /// recent polls saw finish within ~2 ms, and `mayBlock`, waits for it here (its callback runs on this
    /// thread) and returns true; otherwise hands any pending operation to the event pump and returns false.
    public func pollWhenIdle(mayBlock: Bool) -> Bool {
        core.pump.pollWhenIdle(mayBlock: mayBlock)
    }

    /// Destroys the device (`destroy`): pending maps are aborted and `lost` resolves with `.destroyed`.
    public func destroy() {
        // Marked lost first: the pump stops polling and settles what is in flight, and later calls see
        // a lost device instead of reaching wgpu-native (which aborts on some calls to a destroyed device).
        core.sink.deviceLost(DeviceLostInfo(reason: .destroyed, message: "Device.destroy() was called"))
        wgpuDeviceDestroy(core.handle)
    }
}
