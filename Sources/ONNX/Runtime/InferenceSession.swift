import Foundation
import WebGPU

/// Runs an ONNX model on the GPU.
///
/// The model is parsed and optimized once (constant folding, Conv+BatchNorm fusion, dead-node removal).
/// Each distinct set of input shapes (e.g. batch 1 and batch 16) is compiled once into WGSL pipelines
/// specialized for those shapes; weights are uploaded to the GPU once per session and shared.
/// An actor: runs on one session are serialized (they share buffers).
public actor InferenceSession {
    public struct Options: Sendable {
        /// The GPU to run on; nil creates one (sessions sharing a context share compiled pipelines).
        public var context: GPUContext?
        /// Kernels tuned for CPU adapters (register-blocked, no workgroup memory) or for GPUs (shared-memory
        /// tiles); nil picks by the adapter's type.
        public var cpuKernels: Bool?
        /// GPU kernels: how GEMMs size their grids (split-K, tile sizes); nil: `GEMMTuning.fromEnvironment()`.
        public var gemm: GEMMTuning?

        public init(context: GPUContext? = nil, cpuKernels: Bool? = nil, gemm: GEMMTuning? = nil) {
            self.context = context
            self.cpuKernels = cpuKernels
            self.gemm = gemm
        }
    }

    public nonisolated let graph: Graph
    public nonisolated let inputNames: [String]
    public nonisolated let outputNames: [String]
    public nonisolated let inputs: [Graph.ValueInfo]
    private let context: GPUContext
    private let cpuKernels: Bool
    private let gemm: GEMMTuning
    /// Compiled programs by input shapes and the values of small feeds (see `run`), oldest first out.
    private var programs: [ProgramKey: GPUProgram] = [:]
    private var programOrder: [ProgramKey] = []
    static let maxPrograms = 32
    /// Feeds with at most this many elements are known to the compiler by value, so shape-like inputs
    /// (Reshape targets, Slice bounds, Clip limits fed at run time) specialize the plan.
    static let maxKnownValueElements = 64

    struct ProgramKey: Hashable {
        var shapes: [String: [Int]]
        var values: [String: Tensor]
    }
    private let constants: ConstantBuffers

    /// Loads a model from its bytes. Throws `ONNXError` for unreadable models and unsupported ops.
    public init(model: Data, options: Options = Options()) async throws {
        // Parsing and optimizing take seconds for large models in debug builds: off Swift concurrency's pool.
        let (loaded, graph) = try await DedicatedQueue(label: "kiln.onnx.load-model").run {
            let loaded = try ModelLoader.load(model)
            try InferenceSession.checkOperators(loaded)
            return (loaded, try GraphOptimizer.optimize(loaded))
        }
        self.graph = graph
        inputs = loaded.feedInputs
        inputNames = inputs.map(\.name)
        outputNames = loaded.outputs.map(\.name)
        if let context = options.context {
            self.context = context
        } else {
            context = try await GPUContext.makeDefault()
        }
        cpuKernels = options.cpuKernels ?? (context.device.adapterInfo.adapterType == .cpu)
        gemm = options.gemm ?? .fromEnvironment()
        constants = ConstantBuffers(device: context.device)
    }

    public init(contentsOf url: URL, options: Options = Options()) async throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ONNXError.invalidModel("cannot read \(url.path): \(error.localizedDescription)")
        }
        try await self.init(model: data, options: options)
    }

    /// Every node's op must be known before anything runs, so errors name the first unsupported node.
    static func checkOperators(_ graph: Graph) throws {
        for node in graph.nodes where !node.domain.isEmpty || !KernelRegistry.supports(node.opType) {
            throw ONNXError.unsupportedOperator(node: node.name, op: node.opType, detail: node.domain.isEmpty ? nil : "domain '\(node.domain)'")
        }
    }

    /// Runs the model. `feeds` must name every input with its declared element type and a shape
    /// matching the declared dimensions (symbolic ones, such as a batch size, take any value).
    public func run(feeds: [String: Tensor]) async throws -> [String: Tensor] {
        try await run(feeds: feeds, gpuFeeds: [:])
    }

    /// Runs the model with inputs that already live in GPU buffers on this session's device (the rest in
    /// `feeds`): they are copied on the device, never uploaded (onnxruntime's IO binding). Outputs are read
    /// back. Inputs that decide shapes (e.g. a Reshape target) must be host feeds.
    public func run(feeds: [String: Tensor] = [:], gpuFeeds: [String: GPUTensor]) async throws -> [String: Tensor] {
        let (key, infos) = try programKey(feeds, gpuFeeds)
        // Runs share the program's buffers: one at a time (the actor alone would interleave at awaits).
        await acquire()
        defer { release() }
        return try await program(key, infos).run(feeds, gpuFeeds: gpuFeeds)
    }

    /// Runs the model and leaves its outputs on the GPU (onnxruntime-web's `preferredOutputLocation:
    /// 'gpu-buffer'`): each in a new buffer on this session's device that the caller owns (usage storage,
    /// copySrc, copyDst; `destroy()` it when done). Returns once the work is submitted; later work on the
    /// device's queue sees the results, and `device.queue.onSubmittedWorkDone()` waits for them.
    public func runOnGPU(feeds: [String: Tensor] = [:], gpuFeeds: [String: GPUTensor] = [:]) async throws -> [String: GPUTensor] {
        let (key, infos) = try programKey(feeds, gpuFeeds)
        await acquire()
        defer { release() }
        return try await program(key, infos).runOnGPU(feeds, gpuFeeds: gpuFeeds)
    }

    /// Checks the feeds against the model's inputs; the program they select and the inputs' shapes.
    private func programKey(_ feeds: [String: Tensor], _ gpuFeeds: [String: GPUTensor]) throws -> (ProgramKey, [String: TensorInfo]) {
        var shapes: [String: [Int]] = [:]
        var infos: [String: TensorInfo] = [:]
        for input in inputs {
            let given: (type: ElementType, shape: [Int])
            if let feed = feeds[input.name] {
                guard gpuFeeds[input.name] == nil else { throw ONNXError.invalidFeed("input '\(input.name)' given both as a host and as a GPU feed") }
                given = (feed.type, feed.shape)
            } else if let resident = gpuFeeds[input.name] {
                if let problem = resident.problem(asFeed: input.name) { throw ONNXError.invalidFeed(problem) }
                given = (resident.type, resident.shape)
            } else {
                throw ONNXError.invalidFeed("missing input '\(input.name)'")
            }
            guard given.type == input.type || (given.type.isInteger && input.type.isInteger) else {
                throw ONNXError.invalidFeed("input '\(input.name)' must be \(input.type.rawValue), got \(given.type.rawValue)")
            }
            let declared = input.shape
            let matches = declared.isEmpty && given.shape.isEmpty || declared.count == given.shape.count
                && zip(declared, given.shape).allSatisfy { $0 == nil || $0 == $1 }
            guard matches || declared.isEmpty && !given.shape.isEmpty && graphAcceptsAnyRank(input) else {
                let text = declared.map { $0.map(String.init) ?? "?" }.joined(separator: ", ")
                throw ONNXError.invalidFeed("input '\(input.name)' must have shape [\(text)], got \(given.shape)")
            }
            shapes[input.name] = given.shape
            infos[input.name] = TensorInfo(input.type, given.shape)
        }
        if let extra = feeds.keys.first(where: { !inputNames.contains($0) }) ?? gpuFeeds.keys.first(where: { !inputNames.contains($0) }) {
            throw ONNXError.invalidFeed("'\(extra)' is not an input of the model (inputs: \(inputNames.joined(separator: ", ")))")
        }
        let values = feeds.filter { $0.value.count <= Self.maxKnownValueElements }
        return (ProgramKey(shapes: shapes, values: values), infos)
    }

    /// Runs the model once per dispatch (each submitted and awaited alone) and returns each dispatch's
    /// wall time, labelled with its op, node and grid: where a model's time goes on this device.
    public func profile(feeds: [String: Tensor]) async throws -> [(step: String, milliseconds: Double)] {
        _ = try await run(feeds: feeds)
        let shapes = feeds.mapValues(\.shape)
        guard let program = programs.first(where: { $0.key.shapes == shapes })?.value else {
            throw ONNXError.invalidFeed("no program compiled for these feeds")
        }
        await acquire()
        defer { release() }
        return try await program.profile(feeds)
    }

    /// Inputs declared without a shape accept any shape.
    private func graphAcceptsAnyRank(_ input: Graph.ValueInfo) -> Bool { input.shape.isEmpty }

    private var running = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    private func acquire() async {
        if !running {
            running = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the turn to the next waiting run (which then owns `running`), or frees it.
    private func release() {
        if waiting.isEmpty { running = false } else { waiting.removeFirst().resume() }
    }

    /// The program for `key`, compiled on first use (the caller holds the turn: runs do not compile it twice).
    private func program(_ key: ProgramKey, _ infos: [String: TensorInfo]) async throws -> GPUProgram {
        if let program = programs[key] { return program }
        let (graph, context, cpuKernels, gemm, constants) = (graph, context, cpuKernels, gemm, constants)
        let program = try await context.prepare {
            let plan = try ExecutionPlan.compile(graph, inputs: infos, knownValues: key.values,
                                                 maxBindingBytes: Int(context.device.limits.maxStorageBufferBindingSize),
                                                 cpuAdapter: cpuKernels, subgroupSize: context.subgroupSize ?? 4,
                                                 int64: context.hasInt64, gemm: gemm)
            return try GPUProgram(plan: plan, context: context, constants: constants.buffer)
        }
        if programs.count >= Self.maxPrograms, let oldest = programOrder.first {
            programs.removeValue(forKey: oldest)?.destroy()
            programOrder.removeFirst()
        }
        programs[key] = program
        programOrder.append(key)
        return program
    }

    /// Statistics of the compiled program for `shapes` (nil before its first run).
    public func statistics(for shapes: [String: [Int]]) -> (dispatches: Int, intermediateBytes: Int)? {
        programs.first { $0.key.shapes == shapes }.map { ($0.value.dispatchCount, $0.value.intermediateBytes) }
    }

    deinit {
        for program in programs.values { program.destroy() }
    }
}

/// What Kiln can run, for tools that inspect models before running them.
public enum ModelSupport {
    /// Whether Kiln implements operator `op` of the default ONNX domain (some attribute values of a
    /// supported op may still be unsupported; those fail with a message naming the node).
    public static func supports(_ op: String) -> Bool { KernelRegistry.supports(op) }
}
