/// A graph compiled for one set of input shapes: the dispatches in order with their buffers resolved,
/// the memory plan, and where each output will be. Pure host data; `GPUProgram` turns it into
/// pipelines and bind groups.
struct ExecutionPlan {
    /// Where a dispatch's binding lives.
    enum BufferRef: Hashable {
        case constant(String)
        case input(String)
        case slot(Int)
    }

    struct Step {
        var node: String
        var op: String
        var dispatch: Dispatch
        var buffers: [BufferRef]
        /// Byte ranges for bindings of part of a buffer (nil: the whole buffer).
        var ranges: [Range<Int>?]
    }

    enum OutputSource {
        /// Computed on the GPU into this buffer.
        case buffer(BufferRef)
        /// Known on the host (folded constant or a passed-through feed).
        case constant(Tensor)
        case feed(String)
    }

    var inputs: [String: TensorInfo]
    var steps: [Step]
    var memory: MemoryPlan
    /// Constants the steps bind (uploaded once per session).
    var constants: [String: Tensor]
    var outputs: [(name: String, info: TensorInfo, source: OutputSource)]

    /// Compiles `graph` (already statically optimized) for `inputs`.
    static func compile(_ graph: Graph, inputs: [String: TensorInfo], knownValues: [String: Tensor] = [:],
                        maxBindingBytes: Int = 128 << 20, cpuAdapter: Bool = false, subgroupSize: Int = 4, int64: Bool = false,
                        gemm: GEMMTuning = .standard) throws -> ExecutionPlan {
        let inferred = try ShapeInference.run(graph, inputs: inputs, knownValues: knownValues)
        var specialized = graph
        specialized.nodes = inferred.nodes
        specialized.constants = inferred.constants
        FuseActivation.run(&specialized)
        FuseResidualAdd.run(&specialized, infos: inferred.infos)
        DeadNodeElimination.run(&specialized)

        // Build each node's kernels; views alias their output to their input's storage.
        var root: [String: String] = [:]
        func resolve(_ name: String) -> String { root[name].map(resolve) ?? name }
        var kernels: [(Node, KernelPlan)] = []
        for node in specialized.nodes {
            guard let builder = KernelRegistry.table[node.opType] else {
                throw ONNXError.unsupportedOperator(node: node.name, op: node.opType, detail: "no GPU kernel")
            }
            let shapes = ShapeContext(node: node, inputs: node.inputs.map { $0.isEmpty ? nil : inferred.infos[$0] },
                                      constants: node.inputs.map { $0.isEmpty ? nil : inferred.constants[$0] }, opset: graph.opset)
            let outputs = node.outputs.map { inferred.infos[$0] ?? TensorInfo(.float32, []) }
            let plan = try builder(KernelContext(shapes: shapes, outputs: outputs, maxBindingBytes: maxBindingBytes,
                                                   cpuAdapter: cpuAdapter, subgroupSize: subgroupSize, int64: int64, gemm: gemm))
            if plan.isView { root[node.outputs[0]] = node.inputs[0] }
            kernels.append((node, plan))
        }

        let graphOutputs = Set(graph.outputs.map(\.name))
        let pinned = Set(graphOutputs.map(resolve))
        var sizes: [String: Int] = [:]
        var memorySteps: [MemoryPlan.Step] = []
        // A node's scratch buffers are values written and last used by its own step: they take a slot no
        // live value holds, and free it for later steps.
        func scratchName(_ kernel: Int, _ index: Int) -> String { "\u{0}scratch \(kernel).\(index)" }
        for (kernel, (node, plan)) in kernels.enumerated() where !plan.isView {
            let scratch = plan.scratchBytes.indices.map { scratchName(kernel, $0) }
            let writes = node.outputs.filter { !$0.isEmpty }
            for name in writes { sizes[name] = inferred.infos[name]?.gpuBytes ?? 4 }
            for (name, bytes) in zip(scratch, plan.scratchBytes) { sizes[name] = bytes }
            memorySteps.append(.init(reads: node.inputs.filter { !$0.isEmpty }.map(resolve), writes: writes + scratch))
        }
        let memory = MemoryPlan.plan(steps: memorySteps, sizes: sizes, pinned: pinned)

        func buffer(_ name: String) throws -> BufferRef {
            let source = resolve(name)
            if let slot = memory.slotOf[source] { return .slot(slot) }
            if inputs[source] != nil { return .input(source) }
            if inferred.constants[source] != nil { return .constant(source) }
            throw ONNXError.invalidGraph("value '\(name)' has no storage")
        }
        var steps: [Step] = []
        var usedConstants: [String: Tensor] = [:]
        for (kernel, (node, plan)) in kernels.enumerated() {
            for dispatch in plan.dispatches {
                var buffers: [BufferRef] = []
                var ranges: [Range<Int>?] = []
                for binding in dispatch.bindings {
                    let (name, range): (String, Range<Int>?)
                    switch binding {
                    case .input(let index): (name, range) = (node.inputs[index], nil)
                    case .output(let index): (name, range) = (node.outputs[index], nil)
                    case .inputRange(let index, let bytes): (name, range) = (node.inputs[index], bytes)
                    case .scratch(let index): (name, range) = (scratchName(kernel, index), nil)
                    }
                    let bytes = range?.count ?? sizes[name] ?? inferred.infos[name]?.gpuBytes ?? 0
                    guard bytes <= maxBindingBytes else {
                        throw ONNXError.unsupportedOperator(node: node.name, op: node.opType,
                            detail: "'\(name)' needs \(bytes) bytes in one binding; the device allows \(maxBindingBytes)")
                    }
                    buffers.append(try buffer(name))
                    ranges.append(range)
                }
                for case .constant(let name) in buffers { usedConstants[name] = inferred.constants[name] }
                steps.append(Step(node: node.name, op: node.opType, dispatch: dispatch, buffers: buffers, ranges: ranges))
            }
        }
        let outputs = try graph.outputs.map { output -> (name: String, info: TensorInfo, source: OutputSource) in
            let source = resolve(output.name)
            guard let info = inferred.infos[output.name] else { throw ONNXError.invalidGraph("output '\(output.name)' has no inferred shape") }
            if memory.slotOf[source] == nil, inputs[source] != nil { return (output.name, info, .feed(source)) }
            if let value = inferred.constants[source] { return (output.name, info, .constant(value.reshaped(info.shape))) }
            return (output.name, info, .buffer(try buffer(output.name)))
        }
        return ExecutionPlan(inputs: inputs, steps: steps, memory: memory, constants: usedConstants, outputs: outputs)
    }
}
