/// A Workers project's configuration, as `wrangler.toml` / `wrangler.json(c)` describe it.
public struct WranglerConfig: Sendable {
    /// The file it came from, used in every message about it.
    public var file: String
    public var name: String?
    /// Entry module, relative to the project folder.
    public var main: String?
    public var compatibilityDate: String?
    public var compatibilityFlags: CompatibilityFlags
    /// `[vars]` in file order; strings stay strings, other values reach JS as parsed JSON.
    public var vars: [(name: String, value: ConfigValue)]
    public var durableObjects: [DurableObjectBinding]
    public var migrations: [Migration]
    public var r2Buckets: [R2BucketBinding]
    public var rules: [ModuleRule]
    /// `[dev]` port / ip, used when the command line does not give them.
    public var devPort: Int?
    public var devIP: String?
    public var warnings: [ConfigWarning]

    public init(file: String) {
        self.file = file
        compatibilityFlags = CompatibilityFlags([])
        vars = []
        durableObjects = []
        migrations = []
        r2Buckets = []
        rules = []
        warnings = []
    }
}

/// `[[durable_objects.bindings]]`: `env[name]` is a namespace of objects of class `className`.
public struct DurableObjectBinding: Equatable, Sendable {
    public var name: String
    public var className: String
    /// Set when the class lives in another Worker. Kiln serves one Worker, so such a binding is "not
    /// connected", as in `wrangler dev` while that Worker is not running: `kiln dev` warns at start, ids and
    /// stubs can be made, and a stub's `fetch()` or RPC call rejects with wrangler's error.
    public var scriptName: String?

    public init(name: String, className: String, scriptName: String? = nil) {
        self.name = name
        self.className = className
        self.scriptName = scriptName
    }

    /// Whether the class is exported by another Worker than `workerName` (a `script_name` naming the
    /// project's own Worker is the same as none).
    public func isExternal(toWorker workerName: String?) -> Bool {
        scriptName.map { $0 != workerName } ?? false
    }

    /// What using a binding to another Worker's class throws (the words of wrangler's dev proxy).
    var notConnectedMessage: String {
        "Couldn't find a local dev session for Durable Object \"\(className)\" of service \"\(scriptName ?? "")\" to proxy to"
    }
}

/// `[[migrations]]`: accepted and checked for shape; local storage needs no migration steps.
public struct Migration: Equatable, Sendable {
    public var tag: String
    public var newClasses: [String]
    public var newSQLiteClasses: [String]
    public var deletedClasses: [String]
    public var renamedClasses: [(from: String, to: String)]

    public static func == (a: Migration, b: Migration) -> Bool {
        a.tag == b.tag && a.newClasses == b.newClasses && a.newSQLiteClasses == b.newSQLiteClasses
            && a.deletedClasses == b.deletedClasses
            && a.renamedClasses.map { [$0.from, $0.to] } == b.renamedClasses.map { [$0.from, $0.to] }
    }
}

/// `[[r2_buckets]]`.
public struct R2BucketBinding: Equatable, Sendable {
    public var binding: String
    public var bucketName: String
    public var previewBucketName: String?

    /// The bucket `kiln dev` opens: the preview bucket when one is set, as `wrangler dev` does.
    public var devBucketName: String { previewBucketName ?? bucketName }
}

/// `[[rules]]`: which files are modules of which type.
public struct ModuleRule: Equatable, Sendable {
    public enum ModuleType: String, CaseIterable, Sendable {
        case esModule = "ESModule"
        case commonJS = "CommonJS"
        case compiledWasm = "CompiledWasm"
        case text = "Text"
        case data = "Data"
    }

    public var type: ModuleType
    public var globs: [String]
    /// When false, later rules (and the defaults) for the same type are not consulted.
    public var fallsThrough: Bool
}
