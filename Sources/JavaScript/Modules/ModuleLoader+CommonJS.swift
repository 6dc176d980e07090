import Foundation

// CommonJS modules in the loader: compiling one (CommonJSModule holds its wrapper and JS runtime), and the
// `require()` every CommonJS module gets.
extension ModuleLoader {
    /// What `require()` tries after the specifier as given, as Node does.
    static let requireSuffixes = ["", ".js", ".json", "/index.js", "/index.json"]

    func loadCommonJS(_ data: Data, id: String, record: JSValue) throws {
        guard let source = String(data: data, encoding: .utf8) else {
            throw JSError.syntaxError("Module '\(id)' is not valid UTF-8")
        }
        let wrapped: (code: String, columnMap: ColumnMap)
        do { wrapped = try CommonJSModule.wrap(source) } catch let error as ModuleSyntaxError {
            throw located(.syntaxError(error.message), id, error.line, error.column)
        }
        let body = try compile(wrapped.code, original: source, id: id, columnMap: wrapped.columnMap)
        let directory = (id as NSString).deletingLastPathComponent
        let factory = try commonJSRuntime.get("factory").call([
            record, body, requireFunction, resolveFunction, importFunction, context.string(id), context.string(directory),
        ])
        try record.set("factory", factory)
        loaded[id] = Loaded(record: record, checks: [], path: id, isCommonJS: true)
    }

    /// `require(specifier)` from the module `referrer`: loads, links and evaluates now, then returns
    /// `module.exports` (CommonJS), the value (JSON, text, data, wasm, built-ins) or the namespace (ESM).
    func require(_ specifier: String, from referrer: String) throws -> JSValue {
        let id = try resolve(specifier, from: referrer, at: nil, suffixes: Self.requireSuffixes)
        var added: [String] = []
        let record = try load(id, added: &added)
        try link(record, added: added)
        return try runtime.get("require").call([record])
    }
}
