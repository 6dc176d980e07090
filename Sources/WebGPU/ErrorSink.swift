import CWebGPU
import Foundation

/// Routes a device's errors: to the innermost matching error scope, else to the uncaptured-error
/// handler. Also carries the device-lost promise.
///
/// Error scopes are kept here, on the Swift side, rather than in wgpu-native: since wgpu 28 native
/// scopes are thread-local, while Swift code hops threads at every `await` and WebGPU defines scopes per
/// device. wgpu reports every error synchronously through the uncaptured-error callback on the thread
/// that made the failing call, so the scope that is innermost at that moment is the one WebGPU's
/// content timeline would pick. Kiln's own Swift-side checks report through `report` as well.
///
/// One sink per device; it is handed to C as callback userdata and deliberately never freed (see
/// `Device`), so it holds no strong reference to any GPU object.
final class ErrorSink: @unchecked Sendable {
    private let lock = NSLock()
    private var scopes: [(filter: ErrorFilter, error: GPUError?)] = []
    private var uncapturedHandler: (@Sendable (GPUError) -> Void)?
    private var lostFlag = false
    /// Uncaptured errors are handed to the handler from here, never from inside a wgpu callback, where
    /// calling back into webgpu.h is not allowed.
    private let delivery = DispatchQueue(label: "kiln.webgpu.uncaptured-errors")
    let lost = Completion<DeviceLostInfo>()
    /// Told to settle in-flight operations when the device is lost.
    weak var pump: EventPump?

    func report(_ error: GPUError) {
        if let capture = ErrorCapture.current {
            capture.errors.append(error)
            return
        }
        lock.lock()
        if lostFlag {
            lock.unlock()
            return
        }
        if let index = scopes.lastIndex(where: { $0.filter.catches(error.kind) }) {
            if scopes[index].error == nil { scopes[index].error = error }
            lock.unlock()
            return
        }
        let handler = uncapturedHandler
        lock.unlock()
        delivery.async {
            if let handler {
                handler(error)
            } else {
                FileHandle.standardError.write(Data("kiln: uncaptured WebGPU \(error)\n".utf8))
            }
        }
    }

    func pushScope(_ filter: ErrorFilter) {
        lock.lock()
        scopes.append((filter, nil))
        lock.unlock()
    }

    func popScope() throws -> GPUError? {
        lock.lock()
        defer { lock.unlock() }
        guard let scope = scopes.popLast() else {
            throw WebGPUError.operation("popErrorScope: the error scope stack is empty")
        }
        return scope.error
    }

    func setUncapturedHandler(_ handler: (@Sendable (GPUError) -> Void)?) {
        lock.lock()
        uncapturedHandler = handler
        lock.unlock()
    }

    var isLost: Bool {
        lock.lock()
        defer { lock.unlock() }
        return lostFlag
    }

    func deviceLost(_ info: DeviceLostInfo) {
        lock.lock()
        lostFlag = true
        let pump = pump
        lock.unlock()
        pump?.abandonAll()
        lost.resolve(.success(info))
    }

    /// C trampolines; userdata1 is the (unretained, never freed) sink.
    static let uncapturedCallback: WGPUUncapturedErrorCallback = { _, type, message, sink, _ in
        guard let sink, let kind = GPUError.Kind(type) else { return }
        Unmanaged<ErrorSink>.fromOpaque(sink).takeUnretainedValue().report(GPUError(kind, String(message)))
    }

    static let lostCallback: WGPUDeviceLostCallback = { _, reason, message, sink, _ in
        guard let sink else { return }
        Unmanaged<ErrorSink>.fromOpaque(sink).takeUnretainedValue()
            .deviceLost(DeviceLostInfo(reason: DeviceLostReason(reason), message: String(message)))
    }
}

extension GPUError.Kind {
    init?(_ type: WGPUErrorType) {
        switch type {
        case WGPUErrorType_Validation: self = .validation
        case WGPUErrorType_OutOfMemory: self = .outOfMemory
        case WGPUErrorType_Internal, WGPUErrorType_Unknown: self = .internal
        default: return nil
        }
    }
}

/// Collects the errors one synchronous call makes on the current thread, bypassing error scopes, for
/// operations whose errors WebGPU turns into a thrown error (createComputePipelineAsync).
final class ErrorCapture {
    var errors: [GPUError] = []
    /// A pthread key, not `Thread.current.threadDictionary`: this runs on every `finish()` (each JS
    /// round trip), and the dictionary's NSString hashing and dynamic casts cost microseconds a call.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    static var current: ErrorCapture? {
        pthread_getspecific(key).map { Unmanaged<ErrorCapture>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Runs `body` and returns its result with the errors it produced on this thread.
    static func run<Result>(_ body: () -> Result) -> (Result, [GPUError]) {
        let capture = ErrorCapture()
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, Unmanaged.passUnretained(capture).toOpaque())
        defer { pthread_setspecific(key, previous) }
        let result = withExtendedLifetime(capture) { body() }
        return (result, capture.errors)
    }
}
