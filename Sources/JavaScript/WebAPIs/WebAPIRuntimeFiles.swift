import Foundation

/// The JS half of the Web platform globals (Sources/JavaScript/Runtime), read once per process.
enum WebAPIRuntimeFiles {
    /// Evaluation order: each file may use what the files before it defined.
    static let names = [
        "webidl", "dom-exception", "events", "abort", "encoding", "base64", "structured-clone", "inspect",
        "console", "performance", "navigator", "crypto", "percent-encoding", "url-host", "url-parser",
        "url-search-params", "url", "blob", "queuing-strategies", "readable-stream", "writable-stream",
        "transform-stream", "headers", "form-data", "multipart", "body", "request", "response", "fetch",
        "webassembly-streaming", "host",
    ]

    struct Missing: Error, CustomStringConvertible {
        let name: String
        var description: String { "Kiln's Web API runtime file Runtime/\(name).js is missing from the bundle" }
    }

    /// (name, source) pairs in evaluation order.
    static let sources: Result<[(String, String)], Error> = Result {
        try names.map { name in
            guard let url = Bundle.module.url(forResource: name, withExtension: "js", subdirectory: "Runtime")
                ?? Bundle.module.url(forResource: name, withExtension: "js") else { throw Missing(name: name) }
            return (name, try String(contentsOf: url, encoding: .utf8))
        }
    }
}
