import Foundation
import JavaScript
import Testing

/// CommonJS modules (wrangler's "CommonJS" type, **/*.cjs by default): require(), module.exports/exports,
/// and importing them from ES modules.
@Suite struct CommonJSTests {
    @Test func requireExportsAndImportFromESM() async throws {
        let result = try await importAndProbe([
            "lib/math.cjs": """
                #!/usr/bin/env node
                const { double } = require('./helpers/double.cjs');
                const config = require('./config');
                const esm = require('./esm.js');
                exports.add = (a, b) => a + b;
                exports.twice = x => double(x);
                exports.facts = [config.name, esm.fromESM, esm.default, __filename.endsWith('/lib/math.cjs'),
                  __dirname.endsWith('/lib'), this === module.exports, module.id === __filename,
                  require.resolve('./config').endsWith('/lib/config.json')];
                """,
            "lib/helpers/double.cjs": "module.exports = { double: x => 2 * x };",
            "lib/config.json": #"{"name": "cfg"}"#,
            "lib/esm.js": "export const fromESM = 'esm'; export default 'dflt';",
            "lib/class.cjs": "module.exports = class Greeter { hi() { return 'hi'; } };",
            "main.js": """
                import math, { add, twice } from './lib/math.cjs';
                import * as ns from './lib/math.cjs';
                import Greeter from './lib/class.cjs';
                export const out = [add(2, 3), twice(4), math.add === add, ns.default === math, ns.twice === twice,
                  new Greeter().hi(), ...math.facts];
                """,
        ], probe: "ns => ns.out.join()")
        #expect(result == "5,8,true,true,true,hi,cfg,esm,dflt,true,true,true,true,true")
    }

    @Test func cyclesSeePartialExportsAndEachModuleRunsOnce() async throws {
        let result = try await importAndProbe([
            "a.cjs": """
                globalThis.runs = (globalThis.runs ?? 0) + 1;
                exports.early = 'a-early';
                const b = require('./b.cjs');
                exports.fromB = b.sawEarly;
                """,
            "b.cjs": """
                const a = require('./a.cjs');
                exports.sawEarly = a.early;
                exports.again = require('./a.cjs') === a;
                """,
            "main.js": """
                import a from './a.cjs';
                import { again } from './b.cjs';
                export const out = [a.fromB, again, globalThis.runs];
                """,
        ], probe: "ns => ns.out.join()")
        #expect(result == "a-early,true,1")
    }

    @Test func requireOfBuiltinsGivesTheirDefault() async throws {
        let result = try await importAndProbe([
            "check.cjs": """
                const assert = require('node:assert');
                const same = require('assert') === assert;
                module.exports = [typeof assert, typeof assert.strictEqual, same].join();
                """,
            "main.js": "import out from './check.cjs'; export { out };",
        ], probe: "ns => ns.out")
        #expect(result == "function,function,true")
    }

    @Test func requireErrorsAreJSErrors() async throws {
        let result = try await importAndProbe([
            "errors.cjs": """
                const attempt = fn => { try { fn(); return 'no error'; } catch (e) { return e.constructor.name + ': ' + e.message; } };
                module.exports = [
                  attempt(() => require('./missing.cjs')),
                  attempt(() => require('./tla.js')),
                  attempt(() => require('./throws.cjs')),
                  attempt(() => require('./throws.cjs')),
                  attempt(() => require(42)),
                  String(globalThis.throwRuns),
                ];
                """,
            "tla.js": "export const v = await Promise.resolve(1);",
            "throws.cjs": "globalThis.throwRuns = (globalThis.throwRuns ?? 0) + 1; throw new RangeError('no way');",
            "main.js": "import errors from './errors.cjs'; export { errors };",
        ], probe: "ns => ns.errors.join('\\n')")
        let lines = result.split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        #expect(lines[0].hasPrefix("TypeError: Cannot find module './missing.cjs'"), "\(lines[0])")
        #expect(lines[1].contains("top-level await"), "\(lines[1])")
        #expect(lines[2] == "RangeError: no way")
        #expect(lines[3] == "RangeError: no way", "a module that threw rethrows its error")
        #expect(lines[4].hasPrefix("TypeError: require: the specifier must be a string"), "\(lines[4])")
        #expect(lines[5] == "1", "a module that threw ran once")
    }

    @Test func syntaxErrorsNameFileLineAndColumn() async throws {
        let (error, root) = try await importError([
            "main.js": "import x from './lib/bad.cjs';",
            "lib/bad.cjs": "exports.a = 1;\nexports.b = (2 +);\n",
        ])
        #expect(error?.name == "SyntaxError")
        #expect(error?.message.contains("\(root)/lib/bad.cjs:2:17") == true, "\(String(describing: error))")
    }

    @Test func rulesCanMakeJsFilesCommonJS() async throws {
        let root = try makeModuleDirectory([
            "legacy/old.js": "module.exports = { kind: typeof require + '/' + typeof module };",
            "main.js": "import old from './legacy/old.js'; export const kind = old.kind;",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await withIsolate { isolate throws in
            let namespace = try await isolate.runAndAwait { ctx in
                ctx.modules.rules = [ModuleRule(kind: .commonJS, globs: ["**/legacy/*.js"])] + ModuleRule.defaults
                return ctx.modules.importModule(root + "/main.js")
            }
            #expect(try await isolate.run { _ in try namespace.get("kind").toString() } == "function/object")
        }
    }

    @Test func dynamicImportFromCommonJS() async throws {
        let root = try makeModuleDirectory([
            "lib/loader.cjs": """
                exports.load = () => import('./esm.js').then(ns => ns.value);
                exports.property = { import: 'a property named import' }.import;
                """,
            "lib/esm.js": "export const value = 'from esm';",
            "main.js": "import { load, property } from './lib/loader.cjs'; export const out = load().then(v => v + ', ' + property);",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await withIsolate { isolate throws in
            let namespace = try await isolate.importModule(root + "/main.js")
            let out = try await isolate.run { _ in try namespace.get("out") }.resolved()
            #expect(try await isolate.run { _ in try out.toString() } == "from esm, a property named import")
        }
    }

    @Test func columnsAfterARewrittenImportStayTheFilesColumns() async throws {
        let (error, root) = try await importError([
            "main.js": "import './bad.cjs';",
            "bad.cjs": "\nconst p = import('./esm.js'); const bad = 1 +* 2;",
        ])
        #expect(error?.message.contains("\(root)/bad.cjs:2:46") == true, "\(String(describing: error))")
    }
}
