/// Severity of a shader compilation message (`GPUCompilationMessageType`).
public enum CompilationMessageType: String, Sendable {
    case error, warning, info
}
