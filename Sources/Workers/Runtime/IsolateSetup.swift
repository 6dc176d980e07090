import Foundation
import JavaScript

/// The two steps of preparing an isolate that come from the JavaScript layer: the Web platform globals,
/// and the project's modules (with the `cloudflare:workers` built-in) loaded through the ES module loader.
enum IsolateSetup {
    static func installWebAPIs(_ ctx: JSContext, console: @escaping @Sendable (String) -> Void) throws {
        try WebAPIs.install(in: ctx, options: WebAPIOptions(console: { _, text in console(text) }))
    }

    /// Loads every module of the project and returns the main module's namespace object.
    static func loadModules(_ project: WorkerProject, _ ctx: JSContext) throws -> JSValue {
        fatalError("ES module loader pending")
    }
}
