import JavaScript
import WebGPU

/// GPUAdapter (WebGPU §4.2): one physical GPU; `requestDevice()` opens a device on it (once: the adapter is then
/// consumed, as the spec says).
final class GPUAdapterImpl {
    let adapter: Adapter
    var consumed = false
    /// [SameObject] features, limits and info, created on first read.
    var features: JSValue?
    var limits: JSValue?
    var info: JSValue?

    init(_ adapter: Adapter) { self.adapter = adapter }
}

extension GPURegistry {
    func defineGPUAdapter(_ ctx: JSContext) throws -> NativeClass<GPUAdapterImpl> {
        try ctx.defineClass("GPUAdapter", payload: GPUAdapterImpl.self) { b in
            b.getter("features") { ctx, adapter in
                if let features = adapter.features { return features }
                let features = try self.makeFeatures(adapter.adapter.features)
                adapter.features = features
                return features
            }
            b.getter("limits") { _, adapter in
                if let limits = adapter.limits { return limits }
                let limits = self.supportedLimits.wrap(GPUSupportedLimitsImpl(adapter.adapter.limits))
                adapter.limits = limits
                return limits
            }
            b.getter("info") { _, adapter in
                if let info = adapter.info { return info }
                let info = self.adapterInfo.wrap(GPUAdapterInfoImpl(adapter.adapter.info))
                adapter.info = info
                return info
            }
            b.getter("isFallbackAdapter") { ctx, adapter in ctx.bool(adapter.adapter.isFallbackAdapter) }
            b.promiseMethod("requestDevice", registry: self) { ctx, adapter, args in
                try self.requestDevice(ctx, adapter, args[0])
            }
            // The seed's (pre-standard) `requestAdapterInfo(unmaskHints)`: the same GPUAdapterInfo, as a promise.
            b.promiseMethod("requestAdapterInfo", registry: self) { ctx, adapter, args in
                if !args[0].isUndefined {
                    _ = try WebIDLValues.sequence(args[0], "Failed to execute 'requestAdapterInfo' on 'GPUAdapter': unmaskHints") {
                        try WebIDLValues.string($0, $1())
                    }
                }
                return try ctx.resolvedPromise(self.adapterInfo.wrap(GPUAdapterInfoImpl(adapter.adapter.info)))
            }
        }
    }

    func makeFeatures(_ features: Set<FeatureName>) throws -> JSValue {
        try jsInternal.get("makeSupportedFeatures").call([context.array(features.map(\.rawValue).sorted().map(context.string))])
    }

    private func requestDevice(_ ctx: JSContext, _ adapter: GPUAdapterImpl, _ argument: JSValue) throws -> JSValue {
        let context = "Failed to execute 'requestDevice' on 'GPUAdapter'"
        let options = try WebIDLDictionary(argument, name: "GPUDeviceDescriptor", context: context)
        var descriptor = DeviceDescriptor(label: try options.string("label"))
        let features = try options.sequence("requiredFeatures") { value, what in
            try WebIDLValues.enumeration(value, FeatureName.self, idlName: "GPUFeatureName", what())
        } ?? []
        descriptor.requiredFeatures = Set(features)
        if let limits = try options.optional("requiredLimits") {
            descriptor.requiredLimits = try WebIDLValues.record(limits, options.member("requiredLimits")) { value, what in
                try WebIDLNumbers.unsignedLongLong(value, what)
            }
        }
        if let queue = try options.optional("defaultQueue") {
            _ = try WebIDLDictionary(queue, name: "GPUQueueDescriptor", context: context).string("label")
        }
        // Content-timeline checks (WebGPU §4.2 requestDevice): unsupported features reject with a TypeError.
        if let missing = features.first(where: { !adapter.adapter.features.contains($0) }) {
            return try ctx.rejectedPromise(JSError.typeError("\(context): the adapter does not support feature '\(missing.rawValue)'."))
        }
        if adapter.consumed {
            return try ctx.rejectedPromise(JSError.domException("OperationError", "\(context): the adapter was already used to create a device."))
        }
        let swiftAdapter = adapter.adapter
        let label = descriptor.label
        let requested = descriptor
        return try promise({ try await swiftAdapter.requestDevice(requested) }) { ctx, device in
            adapter.consumed = true  // only a device actually created consumes the adapter
            return try self.makeDevice(ctx, device, label: label)
        }
    }
}
