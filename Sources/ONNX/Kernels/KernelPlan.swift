/// What a kernel builder sees of a node: shapes/types of inputs and outputs and constant inputs.
struct KernelContext {
    let shapes: ShapeContext
    let outputs: [TensorInfo]
    /// The device's largest storage binding; larger tensors must be bound in ranges.
    var maxBindingBytes = 128 << 20
    /// The adapter is a CPU (lavapipe): kernels avoid workgroup memory and barriers (see `RegisterGEMM`).
    var cpuAdapter = false
    /// Lanes every subgroup of the device has (`GPUContext.subgroupSize`; 4, the least any device has, where unknown).
    var subgroupSize = 4
    /// The device loads 64-bit integers (`shader-int64`).
    var int64 = false
    /// How CPU adapters' kernels read arrays of vec4<f32> on this device.
    var quads: QuadLoads { QuadLoads(int64: int64) }
    /// GPU kernels: how the GEMM template sizes its grid.
    var gemm = GEMMTuning.standard

    var node: Node { shapes.node }
    var attributes: Attributes { shapes.node.attributes }
    func input(_ index: Int) throws -> TensorInfo { try shapes.input(index) }
    func hasInput(_ index: Int) -> Bool { shapes.hasInput(index) }
    func unsupported(_ detail: String) -> ONNXError { shapes.unsupported(detail) }
}

/// A buffer one dispatch binds, in binding order.
enum BindingRef: Hashable {
    case input(Int)
    case output(Int)
    /// A byte range of an input (for tensors larger than one binding may be).
    case inputRange(Int, Range<Int>)
    /// Scratch buffer `i` of the node's plan (`KernelPlan.scratchBytes`), live only during its dispatches.
    case scratch(Int)
}

/// One compute dispatch: a complete WGSL module specialized for the node's shapes, its grid and bindings.
/// Identical sources share one compiled pipeline (the session caches by source).
struct Dispatch {
    var source: String
    var workgroups: (x: Int, y: Int, z: Int)
    var bindings: [BindingRef]
    /// What kind of kernel this is (e.g. "1x1/tiled32"), for profiles; empty for the generic ones.
    var kind = ""
    /// Whether each binding is writable, for a pipeline layout of every binding: set when the shader uses
    /// only some of the buffers it binds (a layout derived from the shader would leave the others out).
    var explicitLayout: [Bool]?
    /// What devices without the `subgroup` feature run instead (same bindings); nil when `source` uses
    /// no subgroup operations.
    var portable: Portable?

    struct Portable {
        var source: String
        var workgroups: (x: Int, y: Int, z: Int)
        var kind: String

        /// The form `dispatch` (the same kernel written without subgroup operations) runs in.
        init(_ dispatch: Dispatch) {
            (source, workgroups, kind) = (dispatch.source, dispatch.workgroups, dispatch.kind)
        }
    }

    /// This dispatch as a device runs it: itself, or its portable form where subgroups are missing.
    func resolved(subgroups: Bool) -> Dispatch {
        guard !subgroups, let portable else { return self }
        var resolved = self
        resolved.source = portable.source
        resolved.workgroups = portable.workgroups
        resolved.kind = portable.kind
        resolved.portable = nil
        return resolved
    }
}

/// How a node runs: a list of dispatches, or nothing at all when its output is a view of its input.
struct KernelPlan {
    var dispatches: [Dispatch]
    /// Reshape-like ops: output 0 shares input 0's buffer; no dispatch.
    var isView = false
    /// Bytes of each scratch buffer the dispatches share (`BindingRef.scratch`), e.g. split-K partial sums.
    var scratchBytes: [Int] = []

    static let view = KernelPlan(dispatches: [], isView: true)

    /// Adds `other`'s dispatches after these; they run in order, so scratch buffer i is shared (the larger size).
    mutating func append(_ other: KernelPlan) {
        dispatches += other.dispatches
        for (index, bytes) in other.scratchBytes.enumerated() {
            if index < scratchBytes.count { scratchBytes[index] = max(scratchBytes[index], bytes) } else { scratchBytes.append(bytes) }
        }
    }
}

typealias KernelBuilder = (KernelContext) throws -> KernelPlan
