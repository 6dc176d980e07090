/// CommonJS modules (wrangler's "CommonJS" module type): the source runs inside Node's function wrapper
/// `(exports, require, module, __filename, __dirname)`, and the record is driven like a transformed ES module
/// (linked, then evaluated once in dependency order), so ES modules can import it and it can `require()`
/// anything the loader can load.
///
/// Seen from ESM, the namespace's `default` is `module.exports`; after evaluation, the own enumerable keys
/// of `module.exports` (other than `default`) are named exports too, read live from `module.exports`.
enum CommonJSModule {
    /// The wrapper opens on the source's first line, so line numbers stay those of the file.
    static let prefix = "(function (exports, require, module, __filename, __dirname) {"

    static func wrap(_ source: String) -> String {
        // A hashbang is only valid at the very start of a script; inside the wrapper it becomes a comment
        // of the same length, keeping columns.
        let body = source.hasPrefix("#!") ? "//" + source.dropFirst(2) : Substring(source)
        return prefix + body + "\n})"
    }

    /// Columns on the first line are shifted by the wrapper.
    static var columnMap: ColumnMap {
        var map = ColumnMap()
        map.record(line: 1, outputColumn: prefix.utf8.count + 1, delta: prefix.utf8.count)
        return map
    }

    /// `factory(record, body, nativeRequire, nativeResolve, filename, dirname)` returns the record's generator
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
      const factory = (record, body, nativeRequire, nativeResolve, filename, dirname) => function* () {
        const require = function require(specifier) {
          if (typeof specifier !== "string") throw new TypeError(`require: the specifier must be a string, got ${typeof specifier}`);
          return nativeRequire(specifier, filename);
        };
        require.resolve = function resolve(specifier) { return nativeResolve(String(specifier), filename); };
        const module = { exports: {}, id: filename, filename, path: dirname, loaded: false, require };
        record.cjs = module;
        defineProperty(record.ns, "default", { get: () => module.exports, enumerable: true });
        yield;
        body.call(module.exports, module.exports, require, module, filename, dirname);
        module.loaded = true;
        exposeNames(record);
      };
      return { factory };
    })()
    """#
}
