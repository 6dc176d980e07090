import CWebGPU

/// The native API an adapter runs on.
public enum BackendType: String, Sendable {
    case vulkan, metal, d3d12, d3d11, openGL, openGLES, webGPU, null, unknown

    init(_ type: WGPUBackendType) {
        switch type {
        case WGPUBackendType_Vulkan: self = .vulkan
        case WGPUBackendType_Metal: self = .metal
        case WGPUBackendType_D3D12: self = .d3d12
        case WGPUBackendType_D3D11: self = .d3d11
        case WGPUBackendType_OpenGL: self = .openGL
        case WGPUBackendType_OpenGLES: self = .openGLES
        case WGPUBackendType_WebGPU: self = .webGPU
        case WGPUBackendType_Null: self = .null
        default: self = .unknown
        }
    }
}
