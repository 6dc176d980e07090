// JS-level tests run by the engine: every `*.test.js` here is imported as an ES module in a fresh isolate by
// JSHarnessTests.swift. Tests register with `test(name, fn)` from ./harness.js (fn may be async) and use
// node:assert; a failing assertion fails the Swift test with the JS error and stack.
