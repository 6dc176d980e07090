import Foundation

/// The JS glue files of `Sources/Workers/Scripts`, in load order (later files use what earlier ones define).
enum WorkerScripts {
    static let files = [
        "storage-serializer", "worker-runtime", "durable-object-namespace", "durable-object-state",
    ]

    /// Source of the `cloudflare:workers` built-in module.
    static var cloudflareWorkersModule: String { source("cloudflare-workers") }

    static func source(_ name: String) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: "js", subdirectory: "Scripts"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("Kiln's Workers glue script \(name).js is missing from the bundle")
        }
        return text
    }

    /// Every glue file, wrapped so that evaluating it gives `function (kiln) { ... }`.
    static let wrapped: [(name: String, source: String)] = files.map {
        ($0, "(function (kiln) {\n\"use strict\";\n" + source($0) + "\n})")
    }
}
