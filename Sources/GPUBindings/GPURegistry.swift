import Foundation
import JavaScript
import WebGPU

/// Every WebGPU interface of one isolate, defined once by `GPUBindings.install` (the registry of the IDL):
/// native classes for the interfaces backed by Swift objects, JS classes for those that extend JS built-ins
/// (GPUDevice is an EventTarget, GPUUncapturedErrorEvent an Event, GPUPipelineError a DOMException).
/// Interfaces reach each other through it to wrap results and unwrap arguments.
final class GPURegistry {
    let context: JSContext
    /// The JS side: `internal.makeDevice`, `internal.makeError`, ... set by the JS classes' sources.
    let jsInternal: JSValue
    /// `{ internal: { expose, shapeInterface } }`: what every interface source sees as `kiln`.
    private let kiln: JSValue

    private(set) var gpu: NativeClass<GPUImpl>!
    private(set) var adapter: NativeClass<GPUAdapterImpl>!
    private(set) var adapterInfo: NativeClass<GPUAdapterInfoImpl>!
    private(set) var supportedLimits: NativeClass<GPUSupportedLimitsImpl>!
    private(set) var deviceHandle: NativeClass<GPUDeviceImpl>!
    private(set) var buffer: NativeClass<GPUBufferImpl>!
    private(set) var queue: NativeClass<GPUQueueImpl>!
    private(set) var shaderModule: NativeClass<GPUShaderModuleImpl>!
    private(set) var compilationInfo: NativeClass<GPUCompilationInfoImpl>!
    private(set) var compilationMessage: NativeClass<GPUCompilationMessageImpl>!
    private(set) var bindGroupLayout: NativeClass<GPUBindGroupLayoutImpl>!
    private(set) var bindGroup: NativeClass<GPUBindGroupImpl>!
    private(set) var pipelineLayout: NativeClass<GPUPipelineLayoutImpl>!
    private(set) var computePipeline: NativeClass<GPUComputePipelineImpl>!
    private(set) var commandEncoder: NativeClass<GPUCommandEncoderImpl>!
    private(set) var commandBuffer: NativeClass<GPUCommandBufferImpl>!
    private(set) var computePassEncoder: NativeClass<GPUComputePassEncoderImpl>!
    private(set) var querySet: NativeClass<GPUQuerySetImpl>!
    private(set) var sampler: NativeClass<GPUSamplerImpl>!
    private(set) var deviceLostInfo: NativeClass<GPUDeviceLostInfoImpl>!

    init(_ ctx: JSContext) throws {
        context = ctx
        jsInternal = ctx.object()
        kiln = try ctx.evaluate(Self.prelude, sourceURL: "kiln:gpu/prelude.js")
        try GPUConstants.install(ctx)
        try evaluate(GPUSupportedFeaturesSource.source, "GPUSupportedFeatures")
        try evaluate(GPUErrorSource.source, "GPUError")
        try evaluate(GPUPipelineErrorSource.source, "GPUPipelineError")
        try evaluate(GPUUncapturedErrorEventSource.source, "GPUUncapturedErrorEvent")
        gpu = try defineGPU(ctx)
        adapter = try defineGPUAdapter(ctx)
        adapterInfo = try defineGPUAdapterInfo(ctx)
        supportedLimits = try defineGPUSupportedLimits(ctx)
        deviceLostInfo = try defineGPUDeviceLostInfo(ctx)
        buffer = try defineGPUBuffer(ctx)
        queue = try defineGPUQueue(ctx)
        compilationMessage = try defineGPUCompilationMessage(ctx)
        compilationInfo = try defineGPUCompilationInfo(ctx)
        shaderModule = try defineGPUShaderModule(ctx)
        bindGroupLayout = try defineGPUBindGroupLayout(ctx)
        bindGroup = try defineGPUBindGroup(ctx)
        pipelineLayout = try defineGPUPipelineLayout(ctx)
        computePipeline = try defineGPUComputePipeline(ctx)
        commandBuffer = try defineGPUCommandBuffer(ctx)
        computePassEncoder = try defineGPUComputePassEncoder(ctx)
        commandEncoder = try defineGPUCommandEncoder(ctx)
        querySet = try defineGPUQuerySet(ctx)
        sampler = try defineGPUSampler(ctx)
        deviceHandle = try defineGPUDeviceHandle(ctx)
        try evaluate(GPUDeviceSource.source, "GPUDevice").call([deviceHandle.prototype])
    }

    /// Runs one interface's JS source: `(internal) => { ... }`, returning what it returns.
    @discardableResult
    private func evaluate(_ source: String, _ name: String) throws -> JSValue {
        let body = try context.evaluate("(function (internal, kiln) { \"use strict\"; \(source)\n})",
                                        sourceURL: "kiln:gpu/\(name).js")
        return try body.call([jsInternal, kiln])
    }

    /// Global exposure and WebIDL class shaping shared by the JS-written interfaces.
    private static let prelude = #"""
        ({ internal: {
          expose(name, value) {
            Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
          },
          // WebIDL attributes and operations are enumerable and the prototype carries Symbol.toStringTag.
          shapeInterface(cls, name = cls.name) {
            Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: name, configurable: true });
            for (const key of Object.getOwnPropertyNames(cls.prototype)) {
              if (key === "constructor") continue;
              const d = Object.getOwnPropertyDescriptor(cls.prototype, key);
              d.enumerable = true;
              Object.defineProperty(cls.prototype, key, d);
            }
          },
        } })
        """#

    /// The shared wgpu instance (one per process: adapters and devices all come from it).
    static let instance: Result<Instance, Error> = Result { try Instance() }
}
