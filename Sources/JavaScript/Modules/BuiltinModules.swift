import Foundation

/// Built-in modules importable by specifier (`node:assert`, `kiln:onnx`, `cloudflare:workers`...).
///
/// A module is either JS source (transformed like any module; it may import other built-ins) or a native
/// namespace factory run once per isolate on its thread: the object it returns provides the named exports (its
/// own enumerable properties), and `default` is its `default` property if present, else the object itself.
/// Register before isolates import the module; `shared` is what loaders use unless given another registry.
public final class BuiltinModules: @unchecked Sendable {
    public enum Definition {
        case source(String)
        case native((JSContext) throws -> JSValue)
    }

    public static let shared: BuiltinModules = {
        let registry = BuiltinModules()
        registry.register("node:assert", source: NodeAssertModule.source)
        return registry
    }()

    private let lock = NSLock()
    private var definitions: [String: Definition] = [:]

    public init() {}

    public func register(_ specifier: String, source: String) {
        lock.withLock { definitions[specifier] = .source(source) }
    }

    public func register(_ specifier: String, namespace: @escaping (JSContext) throws -> JSValue) {
        lock.withLock { definitions[specifier] = .native(namespace) }
    }

    public func definition(for specifier: String) -> Definition? {
        lock.withLock { definitions[specifier] }
    }

    public var specifiers: [String] { lock.withLock { Array(definitions.keys).sorted() } }
}
