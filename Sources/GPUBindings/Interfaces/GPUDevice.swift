import Foundation
import JavaScript
import WebGPU

/// The native side of GPUDevice (WebGPU §4.4). The public GPUDevice (GPUDevice+Source.swift) is a JS
/// EventTarget that keeps this handle in a private field and forwards its members here.
///
/// Every object the device creates keeps the device's payload alive; when the last of them is collected (or
/// the isolate goes away), the wgpu device is destroyed and released with them.
final class GPUDeviceImpl: GPUObjectImpl {
    let device: Device
    let registry: GPURegistry
    /// A JS WeakRef to the public GPUDevice, for events and `lost`; it does not keep the device alive.
    var wrapperRef: JSValue?
    /// Buffers with mapped ranges or pending maps, unmapped by `destroy()` (WebGPU §4.4 destroy).
    var mappedBuffers = WeakSet<GPUBufferImpl>()
    let scopeMirror = ErrorScopeMirror()
    /// Set once `lost` resolves or destroy() runs: a lost device reports no more errors.
    var isLost = false

    init(_ device: Device, registry: GPURegistry, label: String?) {
        self.device = device
        self.registry = registry
        super.init(label: label)
    }

    deinit { device.destroy() }

    /// The public GPUDevice, while JS still holds it. Isolate thread only.
    func wrapper() throws -> JSValue? {
        guard let wrapperRef else { return nil }
        let target = try wrapperRef.callMethod("deref")
        return target.isUndefined ? nil : target
    }
}

extension GPURegistry {
    /// Wraps a new Swift Device as a public GPUDevice and connects its lost promise and uncaptured errors.
    func makeDevice(_ ctx: JSContext, _ device: Device, label: String?) throws -> JSValue {
        let impl = GPUDeviceImpl(device, registry: self, label: label)
        GarbageCollectionHint.report(UInt64(GarbageCollectionHint.deviceCost), in: ctx)
        let queueObject = queue.wrap(GPUQueueImpl(device: impl))
        let limitsObject = supportedLimits.wrap(GPUSupportedLimitsImpl(device.limits))
        let infoObject = adapterInfo.wrap(GPUAdapterInfoImpl(device.adapterInfo))
        let wrapper = try jsInternal.get("makeDevice").call([
            deviceHandle.wrap(impl), queueObject, makeFeatures(device.features), limitsObject, infoObject])
        impl.wrapperRef = try ctx.global.get("WeakRef").construct([wrapper])

        let isolate = ctx.isolate
        // The isolate polls for the GPU operations it issues whenever it runs out of work: brief GPU work (a
        // read-back loop's) then settles on this thread without a hop through the event-pump thread.
        device.letOwnerPoll()
        isolate.addIdleWait { [weak device] mayBlock in
            guard let device else { return .finished }
            return device.pollWhenIdle(mayBlock: mayBlock) ? .waited : .idle
        }
        device.setUncapturedErrorHandler { [weak impl] error in
            isolate.enqueue { ctx in
                guard let impl, !impl.isLost, let wrapper = try impl.wrapper() else { return }
                _ = try self.jsInternal.get("dispatchUncaptured").call([wrapper, self.jsGPUError(error)])
            }
        }
        // A loss wgpu reports on its own reaches JS here; destroy() resolves `lost` itself, at once (see below).
        device.onLost { [weak impl] info in
            isolate.enqueue { ctx in
                guard let impl, !impl.isLost else { return }
                impl.isLost = true  // pending maps were already aborted by the pump; mapped ranges stay, as in §22.1
                guard let wrapper = try impl.wrapper() else { return }
                _ = try self.jsInternal.get("resolveLost").call([wrapper, self.deviceLostInfo.wrap(
                    GPUDeviceLostInfoImpl(reason: info.reason == .destroyed ? "destroyed" : "unknown", message: info.message))])
            }
        }
        return wrapper
    }

    func defineGPUDeviceHandle(_ ctx: JSContext) throws -> NativeClass<GPUDeviceImpl> {
        try ctx.defineClass("GPUDevice", payload: GPUDeviceImpl.self, global: false) { b in
            b.labelAttribute()
            b.method("destroy") { ctx, device, _ in
                for buffer in device.mappedBuffers.allObjects { buffer.unmapAll() }
                let wasLost = device.isLost
                device.isLost = true
                device.device.destroy()
                // destroy() loses the device at once (WebGPU §4.4); wgpu-native reports it only on a later poll.
                if !wasLost, let wrapper = try device.wrapper() {
                    _ = try self.jsInternal.get("resolveLost").call([wrapper, self.deviceLostInfo.wrap(
                        GPUDeviceLostInfoImpl(reason: "destroyed", message: "the device was destroyed"))])
                }
                return ctx.undefined
            }
            b.method("createBuffer", length: 1) { _, device, args in try self.createBuffer(device, args) }
            b.method("createBindGroupLayout", length: 1) { _, device, args in try self.createBindGroupLayout(device, args) }
            b.method("createPipelineLayout", length: 1) { _, device, args in try self.createPipelineLayout(device, args) }
            b.method("createBindGroup", length: 1) { _, device, args in try self.createBindGroup(device, args) }
            b.method("createShaderModule", length: 1) { _, device, args in try self.createShaderModule(device, args) }
            b.method("createComputePipeline", length: 1) { _, device, args in
                try self.createComputePipeline(device, args, async: false)
            }
            b.promiseMethod("createComputePipelineAsync", length: 1, registry: self) { _, device, args in
                try self.createComputePipeline(device, args, async: true)
            }
            b.method("createCommandEncoder", length: 0) { _, device, args in try self.createCommandEncoder(device, args) }
            b.method("createQuerySet", length: 1) { _, device, args in try self.createQuerySet(device, args) }
            b.method("createSampler", length: 0) { _, device, args in try self.createSampler(device, args) }
            b.method("createTexture", length: 1) { _, _, _ in
                throw JSError.typeError("GPUDevice.createTexture: textures are not supported (Kiln implements WebGPU's compute subset)")
            }
            b.method("createRenderPipeline", length: 1) { _, _, _ in
                throw JSError.typeError("GPUDevice.createRenderPipeline: render pipelines are not supported (Kiln implements WebGPU's compute subset)")
            }
            b.method("pushErrorScope", length: 1) { ctx, device, args in
                let context = "Failed to execute 'pushErrorScope' on 'GPUDevice'"
                if args.isEmpty { throw JSError.typeError("\(context): 1 argument required, but only 0 present.") }
                let filter = try WebIDLValues.enumeration(args[0], ErrorFilter.self, idlName: "GPUErrorFilter", "\(context): filter")
                device.device.pushErrorScope(filter)
                device.scopeMirror.push(filter)
                return ctx.undefined
            }
            b.promiseMethod("popErrorScope", registry: self) { ctx, device, _ in
                try self.settledPromise {
                    let swiftError = try device.device.popErrorScope()
                    let mirrored = device.scopeMirror.pop()?.error
                    // A lost device reports no errors (WebGPU §22.1): its scopes resolve with null.
                    guard !device.isLost, let error = swiftError ?? mirrored else { return ctx.null }
                    return try self.jsGPUError(error)
                }
            }
        }
    }
}
