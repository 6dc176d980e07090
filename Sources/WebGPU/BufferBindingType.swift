import CWebGPU

/// How a shader accesses a buffer binding (`GPUBufferBindingType`).
public enum BufferBindingType: String, Sendable {
    case uniform
    case storage
    case readOnlyStorage = "read-only-storage"

    var c: WGPUBufferBindingType {
        switch self {
        case .uniform: WGPUBufferBindingType_Uniform
        case .storage: WGPUBufferBindingType_Storage
        case .readOnlyStorage: WGPUBufferBindingType_ReadOnlyStorage
        }
    }
}
