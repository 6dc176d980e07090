/// Which errors an error scope catches (`GPUErrorFilter`).
public enum ErrorFilter: String, Sendable {
    case validation
    case outOfMemory = "out-of-memory"
    case `internal`

    func catches(_ kind: GPUError.Kind) -> Bool {
        switch (self, kind) {
        case (.validation, .validation), (.outOfMemory, .outOfMemory), (.internal, .internal): true
        default: false
        }
    }
}
