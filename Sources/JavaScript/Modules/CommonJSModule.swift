/// CommonJS modules (wrangler's "CommonJS" module type): the source runs inside Node's function wrapper
/// `(exports, require, module, __filename, __dirname)`, and the record is driven like a transformed ES module
/// (linked, then evaluated once in dependency order), so ES modules can import it and it can `require()`
/// anything the loader can load (and `import()` it).
///
/// Seen from ESM, the namespace's `default` is `module.exports`; after evaluation, the own enumerable keys
/// of `module.exports` (other than `default`) are named exports too, read live from `module.exports`.
enum CommonJSModule {
    /// The wrapper opens on the source's first line, so line numbers stay those of the file.
    static let prefix = "(function (exports, require, module, __filename, __dirname, __kiln_import) {"
    private static let importReplacement = "__kiln_import"

    /// The source inside the wrapper, and the map from its columns back to the file's. On tokens, like the ES
    /// module transform: `import(x)` becomes `__kiln_import(x)` (JSC's own dynamic import has no loader behind
    /// the C API), and a hashbang, valid only at the very start of a script, becomes a comment.
    static func wrap(_ source: String) throws -> (code: String, columnMap: ColumnMap) {
        let (bytes, tokens) = try Lexer.tokenize(source)
        var code = Array(prefix.utf8)
        var map = ColumnMap()
        map.record(line: 1, outputColumn: prefix.utf8.count + 1, delta: prefix.utf8.count)
        var shifts: [Int: Int] = [1: prefix.utf8.count]
        var copied = 0
        if bytes.starts(with: Array("#!".utf8)) {
            code += Array("//".utf8)
            copied = 2
        }
        for (index, token) in tokens.enumerated() where token.kind == .name {
            guard bytes[token.start..<token.end].elementsEqual("import".utf8), index + 1 < tokens.count,
                  text(tokens[index + 1], bytes) == "(",
                  index == 0 || ![".", "?."].contains(text(tokens[index - 1], bytes)) else { continue }
            code += bytes[copied..<token.start]
            code += Array(importReplacement.utf8)
            copied = token.end
            let delta = importReplacement.utf8.count - (token.end - token.start)
            let shift = shifts[token.line, default: 0]
            map.record(line: token.line, outputColumn: token.column + shift + importReplacement.utf8.count, delta: delta)
            shifts[token.line] = shift + delta
        }
        code += bytes[copied...]
        code += Array("\n})".utf8)
        return (String(decoding: code, as: UTF8.self), map)
    }

    private static func text(_ token: Token, _ bytes: [UInt8]) -> String {
        String(decoding: bytes[token.start..<token.end], as: UTF8.self)
    }

    /// `factory(record, body, nativeRequire, nativeResolve, nativeImport, filename, dirname)` returns the record's generator
    /// function: its first step (at link time) creates `module` and the `default` export, the second runs
    /// the body and exposes the named exports.
    static let runtimeSource = #"""
    (() => {
      "use strict";
      const defineProperty = Object.defineProperty, hasOwn = Object.hasOwn, keys = Object.keys;
      const exposeNames = record => {
        const exports = record.cjs.exports;
        if ((typeof exports !== "object" && typeof exports !== "function") || exports === null) return;
        for (const name of keys(exports)) {
          if (name === "default" || hasOwn(record.ns, name)) continue;
          defineProperty(record.ns, name, { get: () => record.cjs.exports[name], enumerable: true });
        }
      };
      const factory = (record, body, nativeRequire, nativeResolve, nativeImport, filename, dirname) => function* () {
        const require = function require(specifier) {
          if (typeof specifier !== "string") throw new TypeError(`require: the specifier must be a string, got ${typeof specifier}`);
          return nativeRequire(specifier, filename);
        };
        require.resolve = function resolve(specifier) { return nativeResolve(String(specifier), filename); };
        const module = { exports: {}, id: filename, filename, path: dirname, loaded: false, require };
        record.cjs = module;
        defineProperty(record.ns, "default", { get: () => module.exports, enumerable: true });
        yield;
        const dynamicImport = specifier => {
          try { return nativeImport(String(specifier), filename); } catch (error) { return Promise.reject(error); }
        };
        body.call(module.exports, module.exports, require, module, filename, dirname, dynamicImport);
        module.loaded = true;
        exposeNames(record);
      };
      return { factory };
    })()
    """#
}
