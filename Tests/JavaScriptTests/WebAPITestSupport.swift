import Foundation
import Testing
@testable import JavaScript

/// Runs the JS test files under JS/ (webapi-*.js) in a fresh isolate with the Web APIs installed, through a
/// tiny `test(name, fn)` / `assert` harness, and returns the failures as readable lines.
enum WebAPITestSupport {
    /// Console output of an isolate, collected for assertions.
    final class ConsoleLines: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [(ConsoleLevel, String)] = []
        var sink: ConsoleSink { { level, text in self.lock.withLock { self.storage.append((level, text)) } } }
        var lines: [(ConsoleLevel, String)] { lock.withLock { storage } }
        var texts: [String] { lines.map(\.1) }
    }

    /// An isolate with the Web APIs installed; shut down by the caller.
    static func makeIsolate(console: ConsoleLines = ConsoleLines()) async throws -> (Isolate, WebAPIs) {
        let isolate = try Isolate(options: .init(name: "webapi-test", cpuTimeLimit: .seconds(20)))
        let web = try await isolate.run { ctx in try WebAPIs.install(in: ctx, options: .init(console: console.sink)) }
        return (isolate, web)
    }

    static func source(of file: String) throws -> String {
        let url = Bundle.module.url(forResource: file, withExtension: "js", subdirectory: "JS")
            ?? Bundle.module.url(forResource: file, withExtension: "js")
        guard let url else { throw JSError.error("test file JS/\(file).js is not in the test bundle") }
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Evaluates `JS/<file>.js`, runs every registered test in order, and returns "name: error" per failure
    /// plus the number of tests that ran.
    static func runJSFile(_ file: String, prelude: String = "") async throws -> (ran: Int, failures: [String]) {
        let source = try source(of: file)
        let (isolate, _) = try await makeIsolate()
        defer { isolate.shutdown() }

        let results = try await isolate.run { ctx -> JSValue in
            try ctx.evaluate(harness, sourceURL: "kiln-test:harness.js")
            if !prelude.isEmpty { try ctx.evaluate(prelude, sourceURL: "kiln-test:prelude.js") }
            try ctx.evaluate(source, sourceURL: "JS/\(file).js")
            return try ctx.evaluate("__runTests()", sourceURL: "kiln-test:run.js")
        }.resolved()
        return try await isolate.run { _ in
            let ran = Int(try results.get("ran").toDouble())
            let failures = try results.get("failures").toArray().map { try $0.toString() }
            return (ran, failures)
        }
    }

    /// `test()` registers; `assert` has the node:assert subset the files use.
    static let harness = #"""
    (() => {
      const tests = [];
      globalThis.test = (name, fn) => tests.push([name, fn]);
      const fail = (message) => { throw new Error(message); };
      const show = (v) => { try { return typeof v === "string" ? JSON.stringify(v) : String(v); } catch { return "?"; } };
      function deepEqual(a, b) {
        if (Object.is(a, b)) return true;
        if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
        if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
        const ka = Object.keys(a), kb = Object.keys(b);
        return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
      }
      const checkType = (error, type, message) => {
        if (type && !(error instanceof type)) fail(`${message ?? ""}: expected ${type.name}, got ${error?.name}: ${error?.message}`);
      };
      globalThis.assert = {
        ok(v, message) { if (!v) fail(`assert.ok failed${message ? ": " + message : ""}`); },
        equal(a, b, message) { if (!Object.is(a, b)) fail(`${message ? message + ": " : ""}expected ${show(b)}, got ${show(a)}`); },
        deepEqual(a, b, message) {
          if (!deepEqual(a, b)) fail(`${message ? message + ": " : ""}expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
        },
        throws(fn, type, message) {
          try { fn(); } catch (error) { checkType(error, type, message); return; }
          fail(`${message ?? "assert.throws"}: did not throw`);
        },
        async rejects(promise, type, message) {
          try { await (typeof promise === "function" ? promise() : promise); } catch (error) { checkType(error, type, message); return; }
          fail(`${message ?? "assert.rejects"}: did not reject`);
        },
      };
      globalThis.__runTests = async () => {
        const failures = [];
        for (const [name, fn] of tests) {
          try { await fn(); } catch (error) { failures.push(`${name}: ${error?.message ?? error}\n${error?.stack ?? ""}`); }
        }
        return { ran: tests.length, failures };
      };
    })();
    """#
}
