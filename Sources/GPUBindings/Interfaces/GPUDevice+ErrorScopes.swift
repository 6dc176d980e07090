import JavaScript
import WebGPU

/// GPUDevice's error scopes, mirrored in the bindings so errors the bindings detect themselves (an invalid
/// command buffer at submit, which wgpu-native would treat as fatal) reach the same scopes and uncapturederror
/// as wgpu's own errors. Each JS scope is one Swift scope plus one entry here, pushed and popped together.
final class ErrorScopeMirror {
    private var scopes: [(filter: ErrorFilter, error: WebGPU.GPUError?)] = []

    func push(_ filter: ErrorFilter) { scopes.append((filter, nil)) }

    /// The mirrored part of the innermost scope; nil when the stack is empty.
    func pop() -> (filter: ErrorFilter, error: WebGPU.GPUError?)? { scopes.popLast() }

    /// Puts `error` in the innermost scope that catches it; false when none does (it is then uncaptured).
    func capture(_ error: WebGPU.GPUError) -> Bool {
        guard let index = scopes.lastIndex(where: { $0.filter.catches(error.kind) }) else { return false }
        if scopes[index].error == nil { scopes[index].error = error }
        return true
    }
}

extension ErrorFilter {
    func catches(_ kind: WebGPU.GPUError.Kind) -> Bool {
        switch (self, kind) {
        case (.validation, .validation), (.outOfMemory, .outOfMemory), (.internal, .internal): true
        default: false
        }
    }
}

extension GPUDeviceImpl {
    /// Reports an error the bindings found on the device timeline. Isolate thread only.
    func report(_ error: WebGPU.GPUError) {
        guard !isLost, !scopeMirror.capture(error) else { return }
        let registry = self.registry
        registry.context.isolate.enqueue { [weak self] _ in
            guard let self, let wrapper = try self.wrapper() else { return }
            _ = try registry.jsInternal.get("dispatchUncaptured").call([wrapper, registry.jsGPUError(error)])
        }
    }

    /// Runs `body` and returns the first error it raised, kept from the user's scopes (the caller decides
    /// where it goes).
    func catchingErrors<T>(_ body: () -> T) -> (T, WebGPU.GPUError?) {
        let (result, errors) = device.capturingErrors(body)
        return (result, errors.first)
    }
}
