import Foundation
import JavaScript
import Testing

/// A syntax error JSC finds names file:line:column of the offending token, in whichever module of the graph
/// it is (JSC reports only the line; the loader finds the column by parsing prefixes).
@Suite struct SyntaxErrorLocationTests {
    @Test func nestedImportedModule() async throws {
        let (error, root) = try await importError([
            "main.js": "import { total } from './lib/a.js';\nexport default total;",
            "lib/a.js": "export { total } from './deep/b.js';",
            "lib/deep/b.js": "// the second '*' is the error\nconst one = 1;\nexport const total = (1 + 2) * * (3 + 4);\n",
        ])
        #expect(error?.name == "SyntaxError")
        #expect(error?.message.contains("Unexpected token '*'") == true)
        #expect(error?.message.contains("(at \(root)/lib/deep/b.js:3:32)") == true, "\(String(describing: error))")
        #expect(error?.sourceURL == root + "/lib/deep/b.js")
        #expect(error?.line == 3)
        #expect(error?.column == 32, "the second '*', not the first one on the line")
    }

    @Test func oneLineBundleAndLateErrors() async throws {
        let (minified, root1) = try await importError([
            "main.js": "import './bundle.js';",
            "bundle.js": "var a=1*2,b=a*3;var c=b* *a;export{a,b,c};",
        ])
        #expect(minified?.message.contains("\(root1)/bundle.js:1:26") == true, "\(String(describing: minified))")
        #expect(minified?.column == 26, "the third '*', not the first one on the line")

        let (redeclared, root2) = try await importError([
            "main.js": "import './twice.js';",
            "twice.js": "let x = 1; let x = 2;",
        ])
        #expect(redeclared?.message.contains("\(root2)/twice.js:1:16") == true, "\(String(describing: redeclared))")
    }

    @Test func dynamicImportRejectsWithTheLocation() async throws {
        let root = try makeModuleDirectory([
            "main.js": "export const failure = import('./late/bad.js').then(() => 'loaded', e => e.message);",
            "late/bad.js": "\n\n   const broken = 1 +* 2;\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await withIsolate { isolate throws in
            let namespace = try await isolate.importModule(root + "/main.js")
            let message = try await isolate.run { _ in try namespace.get("failure") }.resolved()
            let text = try await isolate.run { _ in try message.toString() }
            #expect(text.contains("\(root)/late/bad.js:3:22"), "\(text)")
        }
    }
}
