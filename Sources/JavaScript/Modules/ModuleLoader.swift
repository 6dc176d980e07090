import Foundation

/// Loads ES modules into one isolate: resolves specifiers (relative to the importing file, or built-ins),
/// reads and transforms sources, compiles them, links the graph and evaluates it once. Use on the isolate
/// thread (`ctx.modules`), or from anywhere through `Isolate.importModule`.
public final class ModuleLoader {
    unowned let context: JSContext
    /// Which files are JS, text, data, JSON or wasm (wrangler `[[rules]]`); first match wins.
    public var rules: [ModuleRule] = ModuleRule.defaults
    public var builtins: BuiltinModules = .shared
    /// Base for bare relative specifiers imported by built-ins or by the host.
    public var rootDirectory: String = FileManager.default.currentDirectoryPath
    /// Reads a module file; replace to serve modules from memory.
    public var readFile: (String) throws -> Data = { path in try Data(contentsOf: URL(fileURLWithPath: path)) }

    struct Loaded {
        let record: JSValue
        let checks: [(dependency: String, check: TransformedModule.ImportCheck)]
        let path: String
        /// A CommonJS module's named exports exist only once it ran, so imports of them are not checked.
        var isCommonJS = false
    }

    var loaded: [String: Loaded] = [:]
    lazy var runtime: JSValue = try! context.evaluate(ModuleRuntime.source, sourceURL: "kiln:module-runtime")
    lazy var importFunction: JSValue = context.function("import", length: 2) { [unowned self] ctx, _, args in
        self.importModule(try args[0].toString(), from: try args[1].toString())
    }

    lazy var commonJSRuntime: JSValue = try! context.evaluate(CommonJSModule.runtimeSource, sourceURL: "kiln:commonjs-runtime")
    lazy var requireFunction: JSValue = context.function("require", length: 2) { [unowned self] _, _, args in
        try self.require(try args[0].toString(), from: try args[1].toString())
    }
    lazy var resolveFunction: JSValue = context.function("resolve", length: 2) { [unowned self] ctx, _, args in
        ctx.string(try self.resolve(try args[0].toString(), from: try args[1].toString(), at: nil,
                                    suffixes: ModuleLoader.requireSuffixes))
    }

    init(context: JSContext) { self.context = context }

    /// Imports a module and returns a promise for its namespace. Resolution, read and syntax errors reject it,
    /// as do errors thrown while evaluating.
    /// - Parameters:
    ///   - specifier: a path (absolute, or relative to `referrer`'s directory / `rootDirectory`) or a built-in name.
    ///   - referrer: the importing module's id (its absolute path), if any.
    public func importModule(_ specifier: String, from referrer: String? = nil) -> JSValue {
        do {
            let id = try resolve(specifier, from: referrer, at: nil)
            var added: [String] = []
            let record = try load(id, added: &added)
            try link(record, added: added)
            return try runtime.get("evaluate").call([record])
        } catch {
            return (try? context.rejectedPromise(error)) ?? context.undefined
        }
    }

    /// Registers `source` as the module at `path` (in memory, nothing read) and imports it.
    public func importModule(source: String, path: String) -> JSValue {
        let id = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: rootDirectory + "/")).standardized.path
        let reader = readFile
        readFile = { requested in requested == id ? Data(source.utf8) : try reader(requested) }
        defer { readFile = reader }
        return importModule(id)
    }

    // MARK: Graph

    func load(_ id: String, added: inout [String]) throws -> JSValue {
        if let existing = loaded[id] { return existing.record }
        let url = id.hasPrefix("/") ? URL(fileURLWithPath: id).absoluteString : id
        let record = try runtime.get("newRecord").call([context.string(id), context.string(url), importFunction])
        loaded[id] = Loaded(record: record, checks: [], path: id)
        added.append(id)
        do {
            if let builtin = builtins.definition(for: id) {
                try record.set("requireDefault", context.bool(true))
                switch builtin {
                case .source(let source): try loadJavaScript(source, id: id, record: record, added: &added)
                case .native(let factory): try loadNative(factory, record: record)
                }
                return record
            }
            let data: Data
            do { data = try readFile(id) } catch {
                throw JSError.typeError("Cannot read module '\(id)': \(error.localizedDescription)")
            }
            switch ModuleRule.kind(for: id, in: rules) {
            case .esModule:
                guard let source = String(data: data, encoding: .utf8) else {
                    throw JSError.syntaxError("Module '\(id)' is not valid UTF-8")
                }
                try loadJavaScript(source, id: id, record: record, added: &added)
            case .commonJS:
                try loadCommonJS(data, id: id, record: record)
            case .some(let kind):
                try record.set("requireDefault", context.bool(true))
                try defineDefault(try NonJavaScriptModule.value(kind, data: data, path: id, in: context), record: record)
            case nil:
                throw JSError.typeError("No module rule matches '\(id)' (add a [[rules]] entry for its type)")
            }
        } catch {
            loaded[id] = nil
            throw error
        }
        return record
    }

    private func loadJavaScript(_ source: String, id: String, record: JSValue, added: inout [String]) throws {
        let transformed: TransformedModule
        do { transformed = try ModuleTransform.transform(source) } catch let error as ModuleSyntaxError {
            throw located(.syntaxError(error.message), id, error.line, error.column)
        }
        let factory = try compile(transformed.functionSource, original: source, id: id, columnMap: transformed.columnMap)
        try record.set("factory", factory)
        try record.set("tla", context.bool(transformed.hasTopLevelAwait))
        var dependencies: [JSValue] = []
        var dependencyIDs: [String] = []
        for request in transformed.requests {
            let dependencyID = try resolve(request.specifier, from: id, at: (request.line, request.column))
            dependencies.append(try load(dependencyID, added: &added))
            dependencyIDs.append(dependencyID)
        }
        try record.set("deps", context.array(dependencies))
        try record.set("stars", context.array(transformed.starExports.map { dependencies[$0] }))
        loaded[id] = Loaded(record: record, checks: transformed.importChecks.map { (dependencyIDs[$0.request], $0) },
                            path: id)
    }

    /// Compiles `code` (generated from `original`) with `id` as its source URL; a syntax error names
    /// file:line:column of the original source.
    func compile(_ code: String, original: String, id: String, columnMap: ColumnMap) throws -> JSValue {
        do { return try context.evaluate(code, sourceURL: id) } catch var error as JSError {
            if let line = error.line {
                // JSC gives a syntax error its line but no column (see SyntaxErrorColumn).
                let column = error.name == "SyntaxError" || error.column == nil
                    ? SyntaxErrorColumn.locate(code: code, line: line, message: error.message, in: context)
                        .map { columnMap.originalColumn(line: line, column: $0) }
                        ?? SyntaxErrorColumn.guess(source: original, line: line, message: error.message)
                    : columnMap.originalColumn(line: line, column: error.column!)
                error = located(error, id, line, column)
            }
            throw error
        }
    }

    private func loadNative(_ factory: (JSContext) throws -> JSValue, record: JSValue) throws {
        let exports = try factory(context)
        let values = context.object()
        for key in try exports.keys() { try values.set(key, exports.get(key)) }
        if try !exports.has("default") { try values.set("default", exports) }
        try runtime.get("defineValues").call([record.get("ns"), values])
        try record.set("status", context.string("evaluated"))
    }

    private func defineDefault(_ value: JSValue, record: JSValue) throws {
        try runtime.get("defineValues").call([record.get("ns"), context.object(["default": value])])
        try record.set("status", context.string("evaluated"))
    }

    /// Links newly loaded modules and checks that every named import exists (a SyntaxError naming the import's
    /// position otherwise, as engines report it).
    func link(_ record: JSValue, added: [String]) throws {
        do {
            try runtime.get("link").call([record])
            try runtime.get("linkStars").call([record])
        } catch {
            added.forEach { loaded[$0] = nil }
            throw error
        }
        let has = try runtime.get("has")
        for id in added {
            guard let module = loaded[id] else { continue }
            for (dependency, check) in module.checks {
                guard let target = loaded[dependency], !target.isCommonJS else { continue }
                if try !has.call([target.record.get("ns"), context.string(check.name)]).toBool() {
                    added.forEach { loaded[$0] = nil }
                    throw located(.syntaxError("The requested module '\(dependency)' does not provide an export named '\(check.name)'"),
                                  id, check.line, check.column)
                }
            }
        }
    }

    // MARK: Resolution

    /// Extensions tried, in order, when a relative or absolute specifier names no file as given.
    static let importSuffixes = ["", ".js", ".mjs", "/index.js"]

    func resolve(_ specifier: String, from referrer: String?, at position: (line: Int, column: Int)?,
                 suffixes: [String] = ModuleLoader.importSuffixes) throws -> String {
        if builtins.definition(for: specifier) != nil { return specifier }
        if !specifier.contains(":"), builtins.definition(for: "node:" + specifier) != nil { return "node:" + specifier }
        var path: String?
        if specifier.hasPrefix("file://") {
            path = URL(string: specifier)?.path
        } else if specifier.hasPrefix("/") {
            path = specifier
        } else if specifier.hasPrefix("./") || specifier.hasPrefix("../") {
            let base = referrer.flatMap { $0.hasPrefix("/") ? ($0 as NSString).deletingLastPathComponent : nil } ?? rootDirectory
            path = URL(fileURLWithPath: specifier, relativeTo: URL(fileURLWithPath: base + "/")).standardized.path
        }
        let site = referrer.map { ref in position.map { " imported from \(ref):\($0.line):\($0.column)" } ?? " imported from \(ref)" } ?? ""
        guard let path else {
            throw located(.typeError("Cannot resolve module specifier '\(specifier)'\(site): not a relative path, absolute path or built-in module"),
                          referrer, position?.line, position?.column)
        }
        if loaded[path] != nil { return path }
        for candidate in suffixes.map({ path + $0 }) {
            if (try? readFile(candidate)) != nil { return candidate }
        }
        throw located(.typeError("Cannot find module '\(specifier)'\(site) (looked for \(path))"),
                      referrer, position?.line, position?.column)
    }

    func located(_ error: JSError, _ file: String?, _ line: Int?, _ column: Int?) -> JSError {
        var error = error
        error.value = nil
        if let file, let line, !error.message.contains("\(file):\(line)") {
            error.message += " (at \(file):\(line)\(column.map { ":\($0)" } ?? ""))"
        }
        error.sourceURL = file
        error.line = line
        error.column = column
        return error
    }
}

extension JSContext {
    /// This context's module loader (created on first use).
    public var modules: ModuleLoader {
        if let loader = moduleLoader { return loader }
        let loader = ModuleLoader(context: self)
        moduleLoader = loader
        return loader
    }
}

extension Isolate {
    /// Imports the module at `path` (or a built-in specifier) and returns its namespace once evaluated.
    public func importModule(_ specifier: String) async throws -> JSValue {
        try await runAndAwait { ctx in ctx.modules.importModule(specifier) }
    }

    /// Imports in-memory module source registered at `path` (relative imports resolve against it).
    public func importModule(source: String, path: String) async throws -> JSValue {
        try await runAndAwait { ctx in ctx.modules.importModule(source: source, path: path) }
    }
}

extension ModuleLoader {
    /// Seconds the import/export transform alone takes for `source` (benchmarks).
    public static func measureTransform(_ source: String) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        do { _ = try ModuleTransform.transform(source) } catch let error as ModuleSyntaxError {
            throw JSError.syntaxError("\(error.message) at \(error.line):\(error.column)")
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
