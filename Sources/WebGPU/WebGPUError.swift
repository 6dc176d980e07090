/// Errors thrown at once on the content timeline (the caller's thread), named after the DOMException
/// WebGPU uses for each case so bindings can map them one to one.
public enum WebGPUError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `OperationError`: the operation cannot run in the object's current state (e.g. mapping a
    /// buffer that is already mapped, getMappedRange outside the mapped range).
    case operation(String)
    /// `AbortError`: a pending mapAsync was cut short by unmap() or destroy().
    case aborted(String)
    /// `RangeError`/`TypeError`: an argument is out of range or malformed.
    case invalidArgument(String)
    /// No adapter or device could be obtained.
    case requestFailed(String)
    /// `GPUPipelineError` from createComputePipelineAsync.
    case pipeline(GPUError)
    /// The device is lost; the operation cannot complete.
    case deviceLost(String)

    public var description: String {
        switch self {
        case .operation(let message): "OperationError: \(message)"
        case .aborted(let message): "AbortError: \(message)"
        case .invalidArgument(let message): "RangeError: \(message)"
        case .requestFailed(let message): "request failed: \(message)"
        case .pipeline(let error): "GPUPipelineError: \(error.message)"
        case .deviceLost(let message): "device lost: \(message)"
        }
    }
}
