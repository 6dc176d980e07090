// A tiny test harness: test(name, fn) registers, run() executes in order and reports each result.
const tests = [];

export function test(name, fn) {
  if (typeof name !== "string" || typeof fn !== "function") throw new TypeError("test(name, fn)");
  tests.push({ name, fn });
}

export async function run() {
  const results = [];
  for (const { name, fn } of tests) {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (error) {
      results.push({ name, ok: false, error: `${error?.name}: ${error?.message}\n${error?.stack ?? ""}` });
    }
  }
  return results;
}

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
