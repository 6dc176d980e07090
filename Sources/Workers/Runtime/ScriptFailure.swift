import JavaScript

/// Why JS produced no answer: an exception (with its JS stack), a CPU-limit overrun, or a load failure.
struct ScriptFailure: Error, CustomStringConvertible, JSErrorConvertible {
    var name: String
    var message: String
    var stack: String
    var exceededCPUTimeLimit = false
    /// `file:line` where JS reported it (syntax errors have no stack, only this).
    var location: String?

    var description: String { "\(name): \(message)" }

    /// What the log shows: the stack when JS gave one (it starts with name and message), else the description.
    var logText: String {
        let head = location.map { "\($0): \(description)" } ?? description
        return stack.isEmpty ? head : "\(head)\n\(stack)"
    }

    init(name: String, message: String, stack: String = "", exceededCPUTimeLimit: Bool = false) {
        self.name = name
        self.message = message
        self.stack = stack
        self.exceededCPUTimeLimit = exceededCPUTimeLimit
    }

    init(_ error: Error) {
        switch error {
        case let failure as ScriptFailure:
            self = failure
        case let js as JSError:
            self.init(name: js.name, message: js.message, stack: js.stack, exceededCPUTimeLimit: js.exceededCPUTimeLimit)
            if let file = js.sourceURL, let line = js.line { location = "\(file):\(line)" }
        default:
            self.init(name: "Error", message: "\(error)")
        }
    }

    static let cpuLimit = ScriptFailure(
        name: "Error", message: "Worker exceeded its CPU time limit", exceededCPUTimeLimit: true)

    /// The JS error a caller in another isolate sees (a Durable Object's failure rejecting `stub.fetch`).
    var jsError: JSError {
        var error = JSError(name: name, message: message)
        error.stack = stack
        return error
    }

    /// The dev-mode answer to the HTTP client: 503 for a CPU-limit overrun, else 500 with the error text.
    var response: WorkerResponse {
        exceededCPUTimeLimit
            ? .text(503, "Worker exceeded its CPU time limit\n")
            : .text(500, logText + "\n")
    }
}
