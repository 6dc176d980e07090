import JavaScript
import ONNX

/// How `kiln:onnx` failures reach JS: argument mistakes as TypeErrors (as onnxruntime-web throws them),
/// model and run failures as Errors carrying the ONNX layer's message (which names the node or input).
enum OnnxModuleError: Error, JSErrorConvertible {
    case type(String)
    case failed(String)

    var jsError: JSError {
        switch self {
        case .type(let message): return .typeError("kiln:onnx: \(message)")
        case .failed(let message): return .error("kiln:onnx: \(message)")
        }
    }

    static func js(_ error: Error) -> Error {
        if error is OnnxModuleError || error is JSError { return error }
        if let error = error as? ONNXError { return OnnxModuleError.failed(String(describing: error)) }
        return OnnxModuleError.failed(String(describing: error))
    }
}
