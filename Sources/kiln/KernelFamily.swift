import ArgumentParser

/// `--kernels` of the ONNX commands: which kernel family a session compiles its graph with.
enum KernelFamily: String, ExpressibleByArgument, CaseIterable {
    static let help: ArgumentHelp = "Kernel family: auto (by adapter type), gpu (workgroup-memory tiles) or cpu (register blocks)."

    /// By the adapter's type (CPU adapters such as lavapipe take the register-blocked family).
    case auto
    /// Workgroup-memory tiles.
    case gpu
    /// Register blocks that share weights across subgroups.
    case cpu

    /// `InferenceSession.Options.cpuKernels`.
    var cpuKernels: Bool? {
        switch self {
        case .auto: return nil
        case .gpu: return false
        case .cpu: return true
        }
    }
}
