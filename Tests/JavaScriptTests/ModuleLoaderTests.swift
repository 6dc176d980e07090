import Foundation
import JavaScript
import Testing

@Suite struct ModuleLoaderTests {
    @Test func allImportAndExportForms() async throws {
        let result = try await importAndProbe([
            "lib/values.js": """
                export let counter = 0;
                export function increment() { counter += 1; }
                export class Point { constructor(x) { this.x = x } }
                export const { spreadA, nested: [spreadB] } = { spreadA: 'A', nested: ['B'] };
                export default function greet(name) { return `hi ${name}`; }
                const hidden = 'renamed';
                export { hidden as visible, hidden as "string name" };
                """,
            "lib/index.js": """
                export * from './values.js';
                export * as values from './values.js';
                export { default as greet, increment as inc } from './values.js';
                export { default } from './values.js';
                """,
            "main.js": """
                import greetDefault, * as lib from './lib/index.js';
                import { greet, inc, counter, Point, visible, values, spreadA, spreadB } from './lib/index.js';
                const before = counter;
                inc();
                export const report = [greetDefault('a'), greet('b'), before, counter, lib.counter, new Point(3).x,
                  visible, values.visible, values["string name"], spreadA, spreadB, typeof lib.default,
                  Object.keys(lib).includes('values'), Object.prototype.toString.call(lib)];
                """,
        ], probe: "ns => ns.report.join('|')")
        #expect(result == "hi a|hi b|0|1|1|3|renamed|renamed|renamed|A|B|function|true|[object Module]")
    }

    @Test func cyclesAreEvaluatedOnceWithHoistedFunctions() async throws {
        let result = try await importAndProbe([
            "a.js": """
                import { b, bCount } from './b.js';
                globalThis.evaluations = (globalThis.evaluations ?? 0) + 1;
                export function a() { return 'a' }
                export const fromB = b();
                export const count = () => bCount;
                """,
            "b.js": """
                import { a } from './a.js';
                export let bCount = 0;
                export function b() { bCount++; return 'b' }
                export const fromA = a();  // hoisted function from a module still being evaluated
                """,
            "main.js": """
                import { fromB, count } from './a.js';
                import { fromA } from './b.js';
                import './a.js';
                export const out = [fromA, fromB, count(), globalThis.evaluations];
                """,
        ], probe: "ns => ns.out.join()")
        #expect(result == "a,b,1,1")
    }

    @Test func nonJavaScriptModulesFollowWranglerRules() async throws {
        let root = try makeModuleDirectory([
            "data.json": #"{"list": [1, 2, {"k": "v"}]}"#,
            "page.html": "<p>hi</p>",
            "blob.bin": "\u{1}\u{2}\u{3}",
            "main.js": """
                import data from './data.json';
                import page from './page.html';
                import bytes from './blob.bin';
                import wasm from './add.wasm';
                const instance = new WebAssembly.Instance(wasm);
                export const out = [data.list[2].k, page, bytes.byteLength, new Uint8Array(bytes)[2],
                  wasm instanceof WebAssembly.Module, instance.exports.add(2, 40)];
                """,
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        // (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
        let wasm: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f,
                             0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00,
                             0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b]
        try Data(wasm).write(to: URL(fileURLWithPath: root + "/add.wasm"))
        try await withIsolate { isolate throws in
            let namespace = try await isolate.importModule(root + "/main.js")
            let out = try await isolate.run { ctx in try namespace.get("out").callMethod("join").toString() }
            #expect(out == "v,<p>hi</p>,3,3,true,42")
        }
    }

    @Test func builtinModulesFromSourceAndNativeFactories() async throws {
        let registry = BuiltinModules()
        registry.register("kiln:test-source", source: "import { strictEqual } from 'node:assert'; export const twice = x => { strictEqual(typeof x, 'number'); return 2 * x };")
        registry.register("kiln:test-native") { ctx in
            try ctx.object(["answer": ctx.number(42), "name": ctx.string("native")])
        }
        registry.register("node:assert", source: BuiltinModules.shared.definition(for: "node:assert").map {
            if case .source(let source) = $0 { return source }
            return ""
        } ?? "")
        try await withIsolate { isolate throws in
            let out = try await isolate.run { ctx -> JSValue in
                ctx.modules.builtins = registry
                return ctx.modules.importModule(source: """
                    import { twice } from 'kiln:test-source';
                    import native, { answer } from 'kiln:test-native';
                    import assert from 'assert';
                    export const out = [twice(21), answer, native.name, typeof assert.deepStrictEqual].join();
                    """, path: "/virtual/main.js")
            }.resolved()
            #expect(try await isolate.run { _ in try out.get("out").toString() } == "42,42,native,function")
        }
    }

    @Test func dynamicImportAndImportMeta() async throws {
        let root = try makeModuleDirectory([
            "later.js": "export const value = 'loaded later'; export const url = import.meta.url;",
            "main.js": """
                export const meta = import.meta.url;
                export const later = import('./later.js').then(ns => ns.value + ' from ' + ns.url.split('/').pop());
                export const missing = import('./nope.js').then(() => 'no', e => e.constructor.name);
                """,
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await withIsolate { isolate throws in
            let namespace = try await isolate.importModule(root + "/main.js")
            let combined = try await isolate.run { ctx in
                try ctx.evaluate("ns => Promise.all([ns.later, ns.missing]).then(r => [ns.meta === 'file://' + '\(root)/main.js', ...r].join())")
                    .call([namespace])
            }.resolved()
            #expect(try await isolate.run { _ in try combined.toString() } == "true,loaded later from later.js,TypeError")
        }
    }

    @Test func topLevelAwaitDelaysDependents() async throws {
        let result = try await importAndProbe([
            "slow.js": "export const value = await new Promise(r => setTimeout(() => r('awaited'), 5));",
            "main.js": "import { value } from './slow.js'; export const out = value + '!';",
        ], probe: "ns => ns.out")
        #expect(result == "awaited!")
    }

    @Test func errorsNameFileLineAndColumn() async throws {
        let (syntax, root1) = try await importError(["main.js": "const a = 1;\nconst b = 2;\nconst c = a +* b;\n"])
        #expect(syntax?.name == "SyntaxError")
        #expect(syntax?.message.contains("\(root1)/main.js:3:14") == true, "\(String(describing: syntax))")

        let (missingExport, root2) = try await importError([
            "dep.js": "export const present = 1;",
            "main.js": "\nimport { present, absent } from './dep.js';",
        ])
        #expect(missingExport?.name == "SyntaxError")
        #expect(missingExport?.message.contains("export named 'absent'") == true)
        #expect(missingExport?.message.contains("\(root2)/main.js:2:19") == true, "\(String(describing: missingExport))")

        let (missingFile, root3) = try await importError(["main.js": "\n\n  import x from './missing.js';"])
        #expect(missingFile?.message.contains("Cannot find module './missing.js' imported from \(root3)/main.js:3:17") == true,
                "\(String(describing: missingFile))")

        let (bare, _) = try await importError(["main.js": "import 'left-pad';"])
        #expect(bare?.message.contains("Cannot resolve module specifier 'left-pad'") == true)

        let (unterminated, root4) = try await importError(["main.js": "const s = `never closed ${1}"])
        #expect(unterminated?.message.contains("Unterminated template literal (at \(root4)/main.js:1:11)") == true,
                "\(String(describing: unterminated))")

        let (badJSON, _) = try await importError(["main.js": "import d from './d.json';", "d.json": "{oops"])
        #expect(badJSON?.name == "SyntaxError")
        #expect(badJSON?.message.contains("d.json") == true)
    }

    @Test func evaluationErrorsAreCachedAndRethrown() async throws {
        let root = try makeModuleDirectory([
            "boom.js": "globalThis.runs = (globalThis.runs ?? 0) + 1;\nthrow new RangeError('during evaluation');",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await withIsolate { isolate throws in
            for _ in 0..<2 {
                let error = await #expect(throws: JSError.self) { try await isolate.importModule(root + "/boom.js") }
                #expect(error?.name == "RangeError")
                #expect(error?.line == 2)
            }
            #expect(try await evaluateString(isolate, "String(globalThis.runs)") == "1")
        }
    }
}
