// console (Console Standard): every method formats in JS and hands one line to the host's sink.
const { expose, inspect, formatLogArguments } = kiln.internal;
const native = kiln.native;
let groupIndent = "";
const counts = new Map();
const timers = new Map();

function emit(level, text) {
  native.print(level, groupIndent ? text.replace(/^/gm, groupIndent) : text);
}
function logger(level) {
  return { [level](...args) { emit(level, formatLogArguments(args)); } }[level];
}

const console = {
  log: logger("log"),
  info: logger("info"),
  warn: logger("warn"),
  error: logger("error"),
  debug: logger("debug"),
  trace(...args) {
    const err = new Error(formatLogArguments(args));
    err.name = "Trace";
    emit("debug", inspect(err));
  },
  dir(item, options) { emit("log", inspect(item, options ?? {})); },
  dirxml(...args) { emit("log", formatLogArguments(args)); },
  assert(condition, ...args) {
    if (condition) return;
    if (typeof args[0] === "string") args[0] = `Assertion failed: ${args[0]}`;
    else args.unshift("Assertion failed");
    emit("error", formatLogArguments(args));
  },
  count(label = "default") {
    label = String(label);
    const n = (counts.get(label) ?? 0) + 1;
    counts.set(label, n);
    emit("info", `${label}: ${n}`);
  },
  countReset(label = "default") {
    label = String(label);
    if (!counts.has(label)) emit("warn", `Count for '${label}' does not exist`);
    counts.set(label, 0);
  },
  group(...args) {
    if (args.length) emit("log", formatLogArguments(args));
    groupIndent += "  ";
  },
  groupCollapsed(...args) { console.group(...args); },
  groupEnd() { groupIndent = groupIndent.slice(2); },
  time(label = "default") {
    label = String(label);
    if (timers.has(label)) { emit("warn", `Timer '${label}' already exists`); return; }
    timers.set(label, native.now());
  },
  timeLog(label = "default", ...data) {
    label = String(label);
    if (!timers.has(label)) { emit("warn", `Timer '${label}' does not exist`); return; }
    emit("info", [`${label}: ${(native.now() - timers.get(label)).toFixed(3)}ms`, ...data.map((d) => inspect(d))].join(" "));
  },
  timeEnd(label = "default") {
    label = String(label);
    if (!timers.has(label)) { emit("warn", `Timer '${label}' does not exist`); return; }
    emit("info", `${label}: ${(native.now() - timers.get(label)).toFixed(3)}ms`);
    timers.delete(label);
  },
  table(data) { emit("log", typeof data === "object" && data !== null ? inspect(data) : formatLogArguments([data])); },
};
Object.defineProperty(console, Symbol.toStringTag, { value: "console", configurable: true });
expose("console", console);
