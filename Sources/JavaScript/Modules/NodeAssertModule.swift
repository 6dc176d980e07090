/// `node:assert`: the Node.js assertion API (ok/equal/strictEqual/deepStrictEqual/throws/rejects/match/...,
/// AssertionError with actual/expected/operator/code, and `assert.strict`).
enum NodeAssertModule {
    static let source = #"""
    const inspect = value => {
      if (typeof value === "string") return JSON.stringify(value);
      if (typeof value === "bigint") return `${value}n`;
      if (typeof value === "function") return `[Function: ${value.name || "anonymous"}]`;
      if (value instanceof Error) return `${value.name}: ${value.message}`;
      try { const json = JSON.stringify(value); if (json !== undefined) return json; } catch {}
      return String(value);
    };

    export class AssertionError extends Error {
      constructor(options = {}) {
        const { message, actual, expected, operator } = options;
        super(message ?? `${inspect(actual)} ${operator} ${inspect(expected)}`);
        this.name = "AssertionError";
        this.code = "ERR_ASSERTION";
        this.actual = actual;
        this.expected = expected;
        this.operator = operator;
        this.generatedMessage = message === undefined;
      }
    }

    const fail_ = (actual, expected, message, operator, defaultMessage) => {
      if (message instanceof Error) throw message;
      throw new AssertionError({ actual, expected, operator, message: message ?? defaultMessage });
    };

    const isObjectLike = value => value !== null && (typeof value === "object" || typeof value === "function");

    const deepEqualImpl = (a, b, strict, seen) => {
      if (strict ? Object.is(a, b) : (a == b || (a !== a && b !== b))) return true;
      if (!isObjectLike(a) || !isObjectLike(b)) return false;
      if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
      const tag = Object.prototype.toString.call(a);
      if (tag !== Object.prototype.toString.call(b)) return false;
      const pair = seen.get(a);
      if (pair && pair.has(b)) return true;
      if (!pair) seen.set(a, new Set([b])); else pair.add(b);
      if (a instanceof Date) return a.getTime() === b.getTime();
      if (a instanceof RegExp) return a.source === b.source && a.flags === b.flags;
      if (a instanceof Error && (a.name !== b.name || a.message !== b.message)) return false;
      if (ArrayBuffer.isView(a) && !(a instanceof DataView)) {
        if (a.length !== b.length) return false;
        for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
        return true;
      }
      if (a instanceof ArrayBuffer) {
        return deepEqualImpl(new Uint8Array(a), new Uint8Array(b), strict, seen);
      }
      if (a instanceof Map) {
        if (a.size !== b.size) return false;
        for (const [key, value] of a) {
          if (!b.has(key) || !deepEqualImpl(value, b.get(key), strict, seen)) return false;
        }
        return true;
      }
      if (a instanceof Set) {
        if (a.size !== b.size) return false;
        outer: for (const value of a) {
          if (b.has(value)) continue;
          for (const other of b) if (deepEqualImpl(value, other, strict, seen)) continue outer;
          return false;
        }
        return true;
      }
      if (Array.isArray(a) && a.length !== b.length) return false;
      const keysA = Object.keys(a), keysB = Object.keys(b);
      if (keysA.length !== keysB.length) return false;
      for (const key of keysA) {
        if (!Object.prototype.hasOwnProperty.call(b, key) || !deepEqualImpl(a[key], b[key], strict, seen)) return false;
      }
      if (strict) {
        const symbolsA = Object.getOwnPropertySymbols(a).filter(s => Object.prototype.propertyIsEnumerable.call(a, s));
        const symbolsB = Object.getOwnPropertySymbols(b).filter(s => Object.prototype.propertyIsEnumerable.call(b, s));
        if (symbolsA.length !== symbolsB.length) return false;
        for (const symbol of symbolsA) if (!deepEqualImpl(a[symbol], b[symbol], strict, seen)) return false;
      }
      return true;
    };

    export const isDeepStrictEqual = (a, b) => deepEqualImpl(a, b, true, new Map());

    export function ok(value, message) {
      if (!value) fail_(value, true, message, "==", arguments.length === 0 ? "No value argument passed to `assert.ok()`" : `The expression evaluated to a falsy value: ${inspect(value)}`);
    }
    export function equal(actual, expected, message) {
      if (!(actual == expected || (actual !== actual && expected !== expected))) fail_(actual, expected, message, "==");
    }
    export function notEqual(actual, expected, message) {
      if (actual == expected || (actual !== actual && expected !== expected)) fail_(actual, expected, message, "!=");
    }
    export function strictEqual(actual, expected, message) {
      if (!Object.is(actual, expected)) fail_(actual, expected, message, "strictEqual", `Expected values to be strictly equal: ${inspect(actual)} !== ${inspect(expected)}`);
    }
    export function notStrictEqual(actual, expected, message) {
      if (Object.is(actual, expected)) fail_(actual, expected, message, "notStrictEqual", `Expected "actual" to be strictly unequal to: ${inspect(expected)}`);
    }
    export function deepEqual(actual, expected, message) {
      if (!deepEqualImpl(actual, expected, false, new Map())) fail_(actual, expected, message, "deepEqual");
    }
    export function notDeepEqual(actual, expected, message) {
      if (deepEqualImpl(actual, expected, false, new Map())) fail_(actual, expected, message, "notDeepEqual");
    }
    export function deepStrictEqual(actual, expected, message) {
      if (!isDeepStrictEqual(actual, expected)) fail_(actual, expected, message, "deepStrictEqual", `Expected values to be strictly deep-equal: ${inspect(actual)} vs ${inspect(expected)}`);
    }
    export function notDeepStrictEqual(actual, expected, message) {
      if (isDeepStrictEqual(actual, expected)) fail_(actual, expected, message, "notDeepStrictEqual");
    }
    export function fail(message = "Failed") {
      if (message instanceof Error) throw message;
      throw new AssertionError({ message, operator: "fail" });
    }
    export function match(string, regexp, message) {
      if (typeof string !== "string" || !regexp.test(string)) fail_(string, regexp, message, "match", `The input did not match the regular expression ${regexp}. Input: ${inspect(string)}`);
    }
    export function doesNotMatch(string, regexp, message) {
      if (typeof string !== "string" || regexp.test(string)) fail_(string, regexp, message, "doesNotMatch", `The input was expected to not match the regular expression ${regexp}. Input: ${inspect(string)}`);
    }
    export function ifError(value) {
      if (value !== null && value !== undefined) throw value instanceof Error ? value : new AssertionError({ message: `ifError got unwanted exception: ${inspect(value)}`, actual: value, operator: "ifError" });
    }

    const checkError = (error, expected, message, operator) => {
      if (expected === undefined) return;
      if (typeof expected === "function") {
        if (expected.prototype !== undefined && error instanceof expected) return;
        if (Error.isPrototypeOf(expected) || expected === Error) fail_(error, expected, message, operator, `The error is expected to be an instance of "${expected.name}". Received "${error?.constructor?.name}"`);
        if (expected.call({}, error) === true) return;
        fail_(error, expected, message, operator, "The validation function is expected to return \"true\"");
      }
      if (expected instanceof RegExp) {
        if (expected.test(String(error))) return;
        fail_(error, expected, message, operator, `The input did not match the regular expression ${expected}. Input: ${inspect(String(error))}`);
      }
      if (isObjectLike(expected)) {
        for (const key of Object.keys(expected)) {
          const want = expected[key], got = error?.[key];
          const same = want instanceof RegExp && typeof got === "string" ? want.test(got) : isDeepStrictEqual(got, want);
          if (!same) fail_(error, expected, message, operator, `Expected error property "${key}" to be ${inspect(want)}, got ${inspect(got)}`);
        }
      }
    };

    const NO_ERROR = Symbol("no error");
    export function throws(fn, expected, message) {
      if (typeof expected === "string") { message = expected; expected = undefined; }
      let error = NO_ERROR;
      try { fn(); } catch (caught) { error = caught; }
      if (error === NO_ERROR) fail_(undefined, expected, message, "throws", "Missing expected exception.");
      checkError(error, expected, message, "throws");
    }
    export function doesNotThrow(fn, message) {
      try { fn(); } catch (error) { fail_(error, undefined, typeof message === "string" ? message : undefined, "doesNotThrow", `Got unwanted exception: ${inspect(error)}`); }
    }
    export async function rejects(promiseOrFn, expected, message) {
      if (typeof expected === "string") { message = expected; expected = undefined; }
      let error = NO_ERROR;
      try { await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn); } catch (caught) { error = caught; }
      if (error === NO_ERROR) fail_(undefined, expected, message, "rejects", "Missing expected rejection.");
      checkError(error, expected, message, "rejects");
    }
    export async function doesNotReject(promiseOrFn, message) {
      try { await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn); } catch (error) { fail_(error, undefined, typeof message === "string" ? message : undefined, "doesNotReject", `Got unwanted rejection: ${inspect(error)}`); }
    }

    const assert = (value, message) => ok(value, message);
    Object.assign(assert, { AssertionError, ok, equal, notEqual, strictEqual, notStrictEqual, deepEqual, notDeepEqual,
      deepStrictEqual, notDeepStrictEqual, fail, match, doesNotMatch, ifError, throws, doesNotThrow, rejects,
      doesNotReject });
    export const strict = Object.assign((value, message) => ok(value, message), assert, {
      equal: strictEqual, notEqual: notStrictEqual, deepEqual: deepStrictEqual, notDeepEqual: notDeepStrictEqual,
    });
    strict.strict = strict;
    assert.strict = strict;
    export default assert;
    """#
}
