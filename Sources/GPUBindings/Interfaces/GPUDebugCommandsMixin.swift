import JavaScript
import WebGPU

/// The WebGPU IDL's `GPUDebugCommandsMixin` (pushDebugGroup, popDebugGroup, insertDebugMarker), included by
/// GPUCommandEncoder and GPUComputePassEncoder: installed once here for both.
protocol GPUDebugCommandRecorder {
    func pushDebugGroup(_ label: String)
    func popDebugGroup()
    func insertDebugMarker(_ label: String)
}

extension CommandEncoder: GPUDebugCommandRecorder {}
extension ComputePassEncoder: GPUDebugCommandRecorder {}

enum GPUDebugCommandsMixin {
    /// Adds the mixin's methods to `interface`, recording into what `recorder` returns for an instance.
    static func install<Payload>(into b: inout NativeClassBuilder<Payload>, interface: String,
                                 recorder: @escaping (Payload) -> any GPUDebugCommandRecorder) {
        b.method("pushDebugGroup", length: 1) { ctx, payload, args in
            recorder(payload).pushDebugGroup(try WebIDLValues.string(args[0], "\(interface).pushDebugGroup: groupLabel"))
            return ctx.undefined
        }
        b.method("popDebugGroup") { ctx, payload, _ in
            recorder(payload).popDebugGroup()
            return ctx.undefined
        }
        b.method("insertDebugMarker", length: 1) { ctx, payload, args in
            recorder(payload).insertDebugMarker(try WebIDLValues.string(args[0], "\(interface).insertDebugMarker: markerLabel"))
            return ctx.undefined
        }
    }
}
