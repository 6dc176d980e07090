import Foundation
import Imaging
import JavaScript

/// The two steps of preparing an isolate that come from the JavaScript layer: the Web platform globals,
/// and the ES module loader set up for the project (its `[[rules]]`, its folder, `cloudflare:workers`).
enum IsolateSetup {
    /// Returns `kiln.host`, the JavaScript layer's bridge for taking Responses apart.
    static func installWebAPIs(_ ctx: JSContext, console: @escaping @Sendable (String) -> Void) throws -> JSValue {
        try WebAPIs.install(in: ctx, options: WebAPIOptions(console: { _, text in console(text) })).host
    }

    /// Registered once per process: the source never changes, and the registry is shared by all isolates.
    private static let registerBuiltins: Void = {
        BuiltinModules.shared.register("cloudflare:workers", source: WorkerScripts.cloudflareWorkersModule)
        BuiltinModules.shared.register(ImageModule.specifier) { try ImageModule.makeExports(in: $0) }
        BuiltinModules.shared.register(OnnxModule.specifier) { try OnnxModule.makeExports(in: $0) }
    }()

    static func configureModules(_ loader: ModuleLoader, _ project: WorkerProject) {
        _ = registerBuiltins
        loader.rootDirectory = project.directory
        loader.rules = ModuleRules(userRules: project.config.rules).effective.compactMap { rule in
            JavaScript.ModuleRule.Kind(rawValue: rule.type.rawValue).map { JavaScript.ModuleRule(kind: $0, globs: rule.globs) }
        } + [JavaScript.ModuleRule(kind: .json, globs: ["**/*.json"])]
    }
}
