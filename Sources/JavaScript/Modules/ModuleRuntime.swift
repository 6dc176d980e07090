/// The JS half of the module loader: namespace objects, linking (instantiating each module's generator so its
/// export getters exist before any body runs), `export *`, and evaluation in dependency order — synchronous
/// unless a module in the subgraph uses top-level await — and `require()`'s synchronous evaluation.
/// Compiled once per context.
enum ModuleRuntime {
    static let source = #"""
    (() => {
      "use strict";
      const defineProperty = Object.defineProperty, keys = Object.keys, hasOwn = Object.hasOwn;
      const makeNamespace = () => {
        const ns = Object.create(null);
        defineProperty(ns, Symbol.toStringTag, { value: "Module" });
        return ns;
      };
      const defineExports = (ns, getters) => {
        for (const name of keys(getters)) defineProperty(ns, name, { get: getters[name], enumerable: true });
      };
      const defineValues = (ns, values) => {
        for (const name of keys(values)) defineProperty(ns, name, { value: values[name], enumerable: true });
      };
      const newRecord = (id, url, importFunction) => {
        const record = { id, ns: makeNamespace(), status: "new", deps: [], stars: [], factory: null, gen: null,
                         tla: false, isAsync: undefined, starsLinked: false, error: undefined, pending: undefined,
                         cjs: undefined, requireDefault: false };
        record.api = {
          exports: getters => defineExports(record.ns, getters),
          import: specifier => importFunction(String(specifier), id),
          meta: { url },
        };
        return record;
      };
      const link = record => {
        if (record.status !== "new") return;
        record.status = "linking";
        for (const dep of record.deps) link(dep);
        if (record.factory) {
          record.gen = record.factory.apply(undefined, [record.api, ...record.deps.map(dep => dep.ns)]);
          record.gen.next();
        }
        record.status = "linked";
      };
      const linkStars = record => {
        if (record.starsLinked) return;
        record.starsLinked = true;
        for (const dep of record.deps) linkStars(dep);
        for (const star of record.stars) {
          for (const name of keys(star.ns)) {
            if (name !== "default" && !hasOwn(record.ns, name)) {
              defineProperty(record.ns, name, { get: () => star.ns[name], enumerable: true });
            }
          }
        }
      };
      const isAsync = (record, visiting = new Set()) => {
        if (record.isAsync !== undefined) return record.isAsync;
        if (visiting.has(record)) return false;
        visiting.add(record);
        const result = record.tla || record.deps.some(dep => isAsync(dep, visiting));
        record.isAsync = result;
        return result;
      };
      const evaluateSync = record => {
        if (record.status === "evaluated" || record.status === "evaluating") return;
        if (record.status === "errored") throw record.error;
        record.status = "evaluating";
        try {
          for (const dep of record.deps) evaluateSync(dep);
          if (record.gen) record.gen.next();
          record.status = "evaluated";
        } catch (error) {
          record.status = "errored";
          record.error = error;
          throw error;
        }
      };
      const evaluateAsync = record => {
        if (record.status === "evaluated") return undefined;
        if (record.status === "errored") return Promise.reject(record.error);
        if (record.status === "evaluating") return record.pending;
        record.status = "evaluating";
        record.pending = (async () => {
          try {
            for (const dep of record.deps) {
              if (isAsync(dep)) await evaluateAsync(dep); else evaluateSync(dep);
            }
            if (record.gen) await record.gen.next();
            record.status = "evaluated";
          } catch (error) {
            record.status = "errored";
            record.error = error;
            throw error;
          }
        })();
        return record.pending;
      };
      const evaluate = record => {
        try {
          link(record);
          linkStars(record);
          if (isAsync(record)) return Promise.resolve(evaluateAsync(record)).then(() => record.ns);
          evaluateSync(record);
          return Promise.resolve(record.ns);
        } catch (error) {
          return Promise.reject(error);
        }
      };
      // require(): evaluates now (a module with top-level await cannot be required, as in Node) and returns
      // module.exports for CommonJS, the default value of JSON/text/data/wasm and built-in modules, else the
      // namespace.
      const require = record => {
        link(record);
        linkStars(record);
        if (isAsync(record)) {
          throw new Error(`require() cannot load '${record.id}': it (or a module it imports) uses top-level await; use import() instead`);
        }
        evaluateSync(record);
        if (record.cjs) return record.cjs.exports;
        return record.requireDefault && "default" in record.ns ? record.ns.default : record.ns;
      };
      return { newRecord, defineValues, link, linkStars, evaluate, require, has: (ns, name) => name in ns };
    })()
    """#
}
