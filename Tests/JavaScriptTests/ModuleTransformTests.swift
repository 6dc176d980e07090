import Foundation
@testable import JavaScript
import Testing

/// Tricky sources for the tokenizer-level transform: each must keep its meaning after imports/exports are rewritten.
@Suite struct ModuleTransformTests {
    @Test func regexVersusDivision() async throws {
        let result = try await importAndProbe([
            "dep.js": "export const n = 8, d = 2;",
            "main.js": #"""
                import { n, d } from "./dep.js";
                const a = n / d / 2;                  // division chain
                const re = /import { x } from "y"/g;  // regex containing import text
                const afterParen = (n) / d;
                const inArray = [/\//.source, /[/]/.test("/")];
                function f() { return /export default 1/.source }
                let g = n
                /d/ 1;                                // division across a line break (no ASI): 8 / 2 / 1
                export const out = [a, re.source, afterParen, inArray, f(), g, typeof /x/];
                """#,
        ], probe: "ns => JSON.stringify(ns.out)")
        #expect(result == #"[2,"import { x } from \"y\"",4,["\\/",true],"export default 1",4,"object"]"#)
    }

    @Test func templatesAndCommentsContainingImportExportText() async throws {
        let result = try await importAndProbe([
            "dep.js": "export const name = 'dep';",
            "main.js": #"""
                // import fake from "./nowhere.js";
                /* export const fake = 1;
                   import "./also-nowhere.js"; */
                import { name } from "./dep.js";
                const t = `export default ${name} import x from "y" ${`nested ${name + `deeper ${name}`}`} }`;
                const s = 'import { a } from "b"', d = "export * from 'c'";
                export const out = [t, s, d, `${{ name }.name}`];
                """#,
        ], probe: "ns => JSON.stringify(ns.out)")
        #expect(result == #"["export default dep import x from \"y\" nested depdeeper dep }","import { a } from \"b\"","export * from 'c'","dep"]"#)
    }

    @Test func automaticSemicolonInsertionAroundRemovedDeclarations() async throws {
        let result = try await importAndProbe([
            "dep.js": "export let value = 1\nexport function bump() { value++ }\n",
            "main.js": """
                import { value, bump } from './dep.js'
                export let before = value
                bump()
                export const after = value
                export default {
                  read() { return value }
                }
                export { value as alias }
                """,
        ], probe: "ns => [ns.before, ns.after, ns.default.read(), ns.alias].join()")
        #expect(result == "1,2,2,2")
    }

    @Test func importedNamesInObjectsClassesAndShadowingScopes() async throws {
        let result = try await importAndProbe([
            "dep.js": "export const x = 'X'; export const y = 'Y';",
            "main.js": """
                import { x, y as why } from './dep.js';
                const obj = { x, why, z: x, x: 1 === 1 ? why : x, [x]: 'computed', method() { return x } };
                class C { x = 'field'; static x() { return 'static' } get why() { return why } }
                function shadowParam(x) { return x }
                const shadowArrow = x => x + '!';
                const shadowDestructure = ({ x }) => x;
                function shadowVar() { if (true) { var x = 'var' } return x }
                function shadowLet() { { let x = 'inner'; } return x }
                const labelled = () => { x: for (;;) { break x } return x };
                try { throw 'caught' } catch (x) { var fromCatch = x }
                export const out = [obj.x, obj.why, obj.z, obj.X, obj.method(), new C().x, C.x(), new C().why,
                  shadowParam('p'), shadowArrow('a'), shadowDestructure({ x: 'd' }), shadowVar(), shadowLet(),
                  labelled(), fromCatch, obj.x === x ? 'same' : 'diff', typeof why];
                """,
        ], probe: "ns => ns.out.join()")
        // obj.x is 'Y': the later `x:` key overrides the shorthand.
        #expect(result == "Y,Y,X,computed,X,field,static,Y,p,a!,d,var,X,X,caught,diff,string")
    }

    @Test func lineNumbersSurviveTheTransform() throws {
        let source = """
            import { a } from "./a.js";
            import {
              b,
              c
            } from "./b.js";
            export default class {
            }
            export const line8 = a + b + c;
            throw new Error("line 9");
            """
        let transformed = try ModuleTransform.transform(source)
        let lines = transformed.functionSource.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[7].contains("line8"))
        #expect(lines[8].contains("line 9"))
        #expect(transformed.requests.map(\.specifier) == ["./a.js", "./b.js"])
        #expect(transformed.requests.map(\.line) == [1, 5])
        #expect(!transformed.hasTopLevelAwait)
    }

    @Test func topLevelAwaitIsDetected() throws {
        #expect(try ModuleTransform.transform("const x = await Promise.resolve(1);").hasTopLevelAwait)
        #expect(try !ModuleTransform.transform("async function f() { await 1 } const o = { await: 1 }; o.await;").hasTopLevelAwait)
    }

    @Test func tokenizerErrorsNamePositions() throws {
        for (source, line, column) in [("const a = 1;\nconst s = 'open", 2, 11), ("let t = `a ${b", 1, 9), ("x = /abc", 1, 5),
                                        ("f(]", 1, 3)] {
            do {
                _ = try ModuleTransform.transform(source)
                Issue.record("expected an error for \(source)")
            } catch let error as ModuleSyntaxError {
                #expect(error.line == line && error.column == column, "\(source): \(error)")
            }
        }
    }

    /// Truncated and scrambled modules must give a ModuleSyntaxError or a transform, never a crash.
    @Test func malformedSourcesNeverCrash() {
        let sample = """
            #!/usr/bin/env node
            import def, * as ns from "./a.js"; import { a as b, "x y" as c } from './b.js' with { type: "json" };
            export * as all from "./c.js"; export * from './d.js'; export { b as default, c } from "./e.js";
            export default async function* () { yield await 1 }
            export const { p, q: [r = `t${1}`] } = obj, s = /re/g, t = 1 / 2;
            export class K extends (class {}) { static #x = 1; m() { return b } }
            label: for (const x of [b]) { if (x) break label; }
            const o = { b, [b]: b, b() {}, get b() { return b } }; import.meta.url; import("./f.js");
            `${`${b}`}` + 'str\\'ing' + "dq" // comment
            /* block */ export { o as "odd name" };
            """
        var inputs = (0...sample.utf8.count).map { String(decoding: Array(sample.utf8.prefix($0)), as: UTF8.self) }
        let pieces = ["import", "export", "default", "from", "as", "*", "{", "}", "(", ")", "[", "]", "`", "${", "/",
                      "'", "\"", ";", ",", "=", "=>", "a", "b", "\n", " "]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15  // fixed-seed LCG: reproducible inputs
        for _ in 0..<2000 {
            var text = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for _ in 0..<(Int(state >> 59) + 1) * 2 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text += pieces[Int(state >> 33) % pieces.count] + " "
            }
            inputs.append(text)
        }
        var unexpected: [String] = []
        for input in inputs {
            do { _ = try ModuleTransform.transform(input) } catch is ModuleSyntaxError {} catch { unexpected.append(input) }
        }
        #expect(unexpected.isEmpty)
    }
}
