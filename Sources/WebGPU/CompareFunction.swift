import CWebGPU

/// Comparison for comparison samplers (`GPUCompareFunction`).
public enum CompareFunction: String, Sendable {
    case never, less, equal, greater, always
    case lessEqual = "less-equal"
    case notEqual = "not-equal"
    case greaterEqual = "greater-equal"

    var c: WGPUCompareFunction {
        switch self {
        case .never: WGPUCompareFunction_Never
        case .less: WGPUCompareFunction_Less
        case .equal: WGPUCompareFunction_Equal
        case .lessEqual: WGPUCompareFunction_LessEqual
        case .greater: WGPUCompareFunction_Greater
        case .notEqual: WGPUCompareFunction_NotEqual
        case .greaterEqual: WGPUCompareFunction_GreaterEqual
        case .always: WGPUCompareFunction_Always
        }
    }
}
