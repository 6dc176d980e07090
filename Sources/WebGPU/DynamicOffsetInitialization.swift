import CWebGPU
import Foundation

/// Works around a wgpu-core bug in wgpu-native 29: buffer memory-initialization tracking ignores dynamic
/// offsets. wgpu zero-fills never-written buffer ranges lazily, just before the first command buffer that
/// uses them, and takes the ranges a bind group makes visible from the binding's offset and size only.
/// A shader writing through a dynamic offset therefore leaves its range "uninitialized" in the tracker, and
/// the next submission that reads the buffer (a readback copy) zero-fills the range first, erasing the
/// result (upstream fix: gfx-rs/wgpu#9628, which requires such buffers to be fully initialized).
///
/// Kiln does the same: before a bind group with dynamic-offset buffer bindings is created, every such buffer
/// not yet known to be whole-initialized is bound whole (statically, read-only) for a dispatch of zero
/// workgroups, submitted at once. wgpu records init actions when a dispatch flushes its bind groups (a bare
/// setBindGroup does not), zero-fills only the ranges nothing has written yet, which is what they hold
/// anyway, and marks the whole buffer initialized, so later dynamic-offset writes survive.
final class WholeBufferInitializer: @unchecked Sendable {
    private let device: WGPUDevice
    private let lock = NSLock()
    /// Per binding kind (read-only storage, uniform): the layout and a pipeline that binds it, built on first use.
    private var kinds: [Bool: (layout: WGPUBindGroupLayout, pipeline: WGPUComputePipeline)] = [:]

    init(device: WGPUDevice) {
        self.device = device
    }

    deinit {
        for kind in kinds.values {
            wgpuComputePipelineRelease(kind.pipeline)
            wgpuBindGroupLayoutRelease(kind.layout)
        }
    }

    /// Encodes zero-workgroup dispatches binding each of `buffers` whole into a new compute pass.
    /// Must run inside `ErrorCapture.run`: the caller submits only if nothing failed.
    func encode(_ buffers: [Buffer], limits: Limits, into encoder: WGPUCommandEncoder) -> [WGPUBindGroup] {
        var groups: [WGPUBindGroup] = []
        let pass = wgpuCommandEncoderBeginComputePass(encoder, nil)
        for buffer in buffers {
            let storage = buffer.usage.contains(.storage)
            let kind = self.kind(storage: storage)
            wgpuComputePassEncoderSetPipeline(pass, kind.pipeline)
            let maxSize = storage ? limits.maxStorageBufferBindingSize : limits.maxUniformBufferBindingSize
            let alignment = storage ? limits.minStorageBufferOffsetAlignment : limits.minUniformBufferOffsetAlignment
            let chunk = max(alignment, maxSize / alignment * alignment)
            // The shaders read whole u32 words; a buffer's last 1-3 bytes stay as wgpu tracks them.
            let end = buffer.size & ~3
            for offset in stride(from: UInt64(0), to: end, by: Int(chunk)) {
                guard let group = bindGroup(kind.layout, buffer, offset: offset, size: min(chunk, end - offset)) else { continue }
                groups.append(group)
                wgpuComputePassEncoderSetBindGroup(pass, 0, group, 0, nil)
                wgpuComputePassEncoderDispatchWorkgroups(pass, 0, 1, 1)
            }
        }
        wgpuComputePassEncoderEnd(pass)
        wgpuComputePassEncoderRelease(pass)
        return groups
    }

    private func bindGroup(_ layout: WGPUBindGroupLayout, _ buffer: Buffer, offset: UInt64, size: UInt64) -> WGPUBindGroup? {
        var entry = WGPUBindGroupEntry()
        entry.binding = 0
        entry.buffer = buffer.handle
        entry.offset = offset
        entry.size = size
        return withUnsafePointer(to: &entry) { entryPointer in
            var descriptor = WGPUBindGroupDescriptor()
            descriptor.layout = layout
            descriptor.entryCount = 1
            descriptor.entries = entryPointer
            return wgpuDeviceCreateBindGroup(device, &descriptor)
        }
    }

    private func kind(storage: Bool) -> (layout: WGPUBindGroupLayout, pipeline: WGPUComputePipeline) {
        lock.lock()
        defer { lock.unlock() }
        if let kind = kinds[storage] { return kind }
        var layoutEntry = WGPUBindGroupLayoutEntry()
        layoutEntry.binding = 0
        layoutEntry.visibility = WGPUShaderStage(ShaderStage.compute.rawValue)
        layoutEntry.buffer.type = storage ? WGPUBufferBindingType_ReadOnlyStorage : WGPUBufferBindingType_Uniform
        let layout: WGPUBindGroupLayout = withUnsafePointer(to: &layoutEntry) { entry in
            var descriptor = WGPUBindGroupLayoutDescriptor()
            descriptor.entryCount = 1
            descriptor.entries = entry
            return wgpuDeviceCreateBindGroupLayout(device, &descriptor)
        }
        let code = storage
            ? "@group(0) @binding(0) var<storage, read> words: array<u32>;\n@compute @workgroup_size(1) fn main() { _ = &words; }"
            : "@group(0) @binding(0) var<uniform> word: u32;\n@compute @workgroup_size(1) fn main() { _ = &word; }"
        let pipeline: WGPUComputePipeline = withCArena { arena in
            var source = WGPUShaderSourceWGSL()
            source.chain.sType = WGPUSType_ShaderSourceWGSL
            source.code = arena.stringView(code)
            let module = withUnsafeMutablePointer(to: &source) { sourcePointer -> WGPUShaderModule in
                var descriptor = WGPUShaderModuleDescriptor()
                descriptor.nextInChain = UnsafeMutableRawPointer(sourcePointer).assumingMemoryBound(to: WGPUChainedStruct.self)
                return wgpuDeviceCreateShaderModule(device, &descriptor)
            }
            defer { wgpuShaderModuleRelease(module) }
            var layouts: [WGPUBindGroupLayout?] = [layout]
            let pipelineLayout = layouts.withUnsafeMutableBufferPointer { pointer -> WGPUPipelineLayout in
                var descriptor = WGPUPipelineLayoutDescriptor()
                descriptor.bindGroupLayoutCount = 1
                descriptor.bindGroupLayouts = UnsafePointer(pointer.baseAddress)
                return wgpuDeviceCreatePipelineLayout(device, &descriptor)
            }
            defer { wgpuPipelineLayoutRelease(pipelineLayout) }
            var descriptor = WGPUComputePipelineDescriptor()
            descriptor.layout = pipelineLayout
            descriptor.compute.module = module
            descriptor.compute.entryPoint = arena.stringView("main")
            return wgpuDeviceCreateComputePipeline(device, &descriptor)
        }
        kinds[storage] = (layout, pipeline)
        return (layout, pipeline)
    }
}

extension Device {
    /// Marks `buffers` whole-initialized in wgpu (see `WholeBufferInitializer`) before a dynamic-offset bind group uses them.
    func initializeWholly(_ buffers: [Buffer]) {
        let targets = buffers.filter { $0.claimWholeInitialization() }
        guard !targets.isEmpty, !core.sink.isLost else { return }
        var groups: [WGPUBindGroup] = []
        let (commandBuffer, errors) = ErrorCapture.run { () -> WGPUCommandBuffer? in
            let encoder = wgpuDeviceCreateCommandEncoder(core.handle, nil)!
            defer { wgpuCommandEncoderRelease(encoder) }
            groups = core.wholeBufferInitializer.encode(targets, limits: limits, into: encoder)
            return wgpuCommandEncoderFinish(encoder, nil)
        }
        // A failed step would make wgpu-native abort on submit; the buffers then stay as wgpu tracks them.
        if let commandBuffer {
            if errors.isEmpty { core.submit([commandBuffer]) }
            wgpuCommandBufferRelease(commandBuffer)
        }
        for group in groups { wgpuBindGroupRelease(group) }
    }
}
