// util.inspect-style formatting for console output: nested objects to a depth, typed arrays, Map/Set,
// errors with stacks, cycles. Single-line when short (Node's 72-column rule), otherwise one entry per line.
const maxArrayItems = 100;
const breakLength = 72;
const tagOf = (v) => Object.prototype.toString.call(v).slice(8, -1);

function quote(s) {
  const escaped = s.replace(/[\\'\n\r\t\b\f\v\0]/g, (c) => ({ "\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r",
    "\t": "\\t", "\b": "\\b", "\f": "\\f", "\v": "\\v", "\0": "\\0" })[c]);
  return `'${escaped}'`;
}
function formatKey(key) {
  if (typeof key === "symbol") return `[${key.toString()}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key);
}
function formatPrimitive(v) {
  switch (typeof v) {
    case "string": return quote(v);
    case "number": return Object.is(v, -0) ? "-0" : String(v);
    case "bigint": return `${v}n`;
    case "symbol": return v.toString();
    default: return String(v);
  }
}
function functionLabel(fn) {
  let source = "";
  try { source = Function.prototype.toString.call(fn); } catch {}
  const kind = source.startsWith("class") ? "class" : fn.constructor?.name === "AsyncFunction" ? "AsyncFunction"
    : fn.constructor?.name === "GeneratorFunction" ? "GeneratorFunction" : "Function";
  if (kind === "class") return `[class ${fn.name || "(anonymous)"}]`;
  return `[${kind}${fn.name ? `: ${fn.name}` : " (anonymous)"}]`;
}
function constructorName(obj) {
  let proto = Object.getPrototypeOf(obj);
  if (proto === null) return null;
  while (proto) {
    const d = Object.getOwnPropertyDescriptor(proto, "constructor");
    if (d && typeof d.value === "function" && d.value.name) return d.value.name;
    proto = Object.getPrototypeOf(proto);
  }
  return "Object";
}

// JSC stacks are "fn@url:line:col" lines without a header; print them the way Node prints V8 stacks.
function formatError(err) {
  const name = (() => { try { return String(err.name); } catch { return "Error"; } })();
  const message = (() => { try { return String(err.message); } catch { return ""; } })();
  const header = message ? `${name}: ${message}` : name;
  const stack = typeof err.stack === "string" ? err.stack : "";
  if (stack.startsWith(header) || stack.startsWith(name)) return stack; // already V8-shaped
  const frames = stack.split("\n").filter((l) => l.trim()).map((l) => {
    const at = l.indexOf("@");
    if (at < 0) return `    at ${l}`;
    const fn = l.slice(0, at), where = l.slice(at + 1);
    return fn ? `    at ${fn} (${where})` : `    at ${where}`;
  });
  return [header, ...frames].join("\n");
}

function inspect(value, options = {}) {
  const depth = options.depth ?? 2;
  const seen = [];
  return format(value, 0);

  function format(v, level) {
    if (v === null || (typeof v !== "object" && typeof v !== "function")) return formatPrimitive(v);
    if (seen.includes(v)) return "[Circular *1]";
    const t = tagOf(v);
    if (typeof v === "function") {
      const keys = Object.keys(v);
      if (!keys.length) return functionLabel(v);
      return withEntries(v, level, functionLabel(v), "{", "}", () => keys.map((k) => `${formatKey(k)}: ${format(v[k], level + 1)}`));
    }
    if (v instanceof Error || t === "Error") return formatError(v);
    if (t === "Date") return isNaN(v.getTime()) ? "Invalid Date" : v.toISOString();
    if (t === "RegExp") return RegExp.prototype.toString.call(v);
    if (t === "Boolean" || t === "Number" || t === "String" || t === "BigInt" || t === "Symbol") {
      return `[${t}: ${formatPrimitive(v.valueOf())}]`;
    }
    if (t === "Promise") return "Promise { <unavailable> }";
    if (t === "WeakMap" || t === "WeakSet") return `${t} { <items unknown> }`;
    const name = constructorName(v);
    if (Array.isArray(v)) {
      const prefix = name === "Array" ? "" : `${name}(${v.length}) `;
      return withEntries(v, level, prefix, "[", "]", () => arrayEntries(v, level));
    }
    if (ArrayBuffer.isView(v) && t !== "DataView") {
      return withEntries(v, level, `${t}(${v.length}) `, "[", "]", () => {
        const items = [];
        for (let i = 0; i < Math.min(v.length, maxArrayItems); i++) items.push(formatPrimitive(v[i]));
        if (v.length > maxArrayItems) items.push(`... ${v.length - maxArrayItems} more item${v.length - maxArrayItems > 1 ? "s" : ""}`);
        return items;
      });
    }
    if (t === "ArrayBuffer" || t === "SharedArrayBuffer") {
      const bytes = new Uint8Array(v, 0, Math.min(v.byteLength, 50));
      const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
      const more = v.byteLength > 50 ? ` ... ${v.byteLength - 50} more bytes` : "";
      return `${t} { [Uint8Contents]: <${hex}${more}>, byteLength: ${v.byteLength} }`;
    }
    if (t === "Map") {
      return withEntries(v, level, `${name}(${v.size}) `, "{", "}", () =>
        [...v].map(([k, val]) => `${format(k, level + 1)} => ${format(val, level + 1)}`));
    }
    if (t === "Set") {
      return withEntries(v, level, `${name}(${v.size}) `, "{", "}", () => [...v].map((x) => format(x, level + 1)));
    }
    const prefix = name === null ? "[Object: null prototype] " : name === "Object" ? "" : `${name} `;
    if (entriesInspected.has(Object.getPrototypeOf(v))) {
      // Headers, URLSearchParams, FormData: show their entries, the way Node shows them.
      return withEntries(v, level, prefix, "{", "}", () =>
        [...v.entries()].map(([k, val]) => `${formatKey(k)}: ${format(val, level + 1)}`));
    }
    const custom = inspectableAccessors(v);
    return withEntries(v, level, prefix, "{", "}", () => [
      ...Reflect.ownKeys(v).filter((k) => Object.prototype.propertyIsEnumerable.call(v, k))
        .map((k) => `${formatKey(k)}: ${format(v[k], level + 1)}`),
      ...custom.map(([k, val]) => `${formatKey(k)}: ${format(val, level + 1)}`),
    ]);
  }

  function arrayEntries(arr, level) {
    const items = [];
    let holes = 0;
    const flushHoles = () => { if (holes) items.push(`<${holes} empty item${holes > 1 ? "s" : ""}>`); holes = 0; };
    const shown = Math.min(arr.length, maxArrayItems);
    for (let i = 0; i < shown; i++) {
      if (!Object.prototype.hasOwnProperty.call(arr, i)) { holes++; continue; }
      flushHoles();
      items.push(format(arr[i], level + 1));
    }
    flushHoles();
    if (arr.length > maxArrayItems) items.push(`... ${arr.length - maxArrayItems} more item${arr.length - maxArrayItems > 1 ? "s" : ""}`);
    for (const k of Object.keys(arr)) if (!/^\d+$/.test(k)) items.push(`${formatKey(k)}: ${format(arr[k], level + 1)}`);
    return items;
  }

  function withEntries(v, level, prefix, open, close, entriesOf) {
    if (level > depth) return `[${constructorName(v) ?? "Object"}]`;
    seen.push(v);
    const entries = entriesOf();
    seen.pop();
    if (!entries.length) return `${prefix}${open}${close}`;
    const oneLine = `${prefix}${open} ${entries.join(", ")} ${close}`;
    if (oneLine.length + level * 2 <= breakLength && !entries.some((e) => e.includes("\n"))) return oneLine;
    const indent = "  ".repeat(level + 1);
    const body = entries.map((e) => indent + e.replace(/\n/g, `\n${indent}`)).join(",\n");
    return `${prefix}${open}\n${body}\n${"  ".repeat(level)}${close}`;
  }
}

// Web API objects keep their state in private fields; show their public getters like browsers' consoles do.
function inspectableAccessors(v) {
  const proto = Object.getPrototypeOf(v);
  if (!proto || proto === Object.prototype || !kiln.internal.inspectable.has(proto)) return [];
  const out = [];
  for (const key of kiln.internal.inspectable.get(proto)) {
    try { out.push([key, v[key]]); } catch {}
  }
  return out;
}
const entriesInspected = new Set();
kiln.internal.inspectEntries = (cls) => entriesInspected.add(cls.prototype);
kiln.internal.inspect = inspect;

// printf-style substitutions of console.log's first argument (Console Standard §2.2.1 Formatter).
kiln.internal.formatLogArguments = function formatLogArguments(args) {
  const parts = [];
  let rest = args;
  if (typeof args[0] === "string" && args.length > 1 && args[0].includes("%")) {
    let i = 1;
    const first = args[0].replace(/%([sdifjoOc%])/g, (match, spec) => {
      if (spec === "%") return "%";
      if (i >= args.length) return match;
      const arg = args[i++];
      switch (spec) {
        case "s": return typeof arg === "string" ? arg : typeof arg === "bigint" ? `${arg}n` : inspect(arg, { depth: 1 });
        case "d": case "i": {
          if (typeof arg === "bigint") return `${arg}n`;
          if (typeof arg === "symbol") return "NaN";
          const n = Number(arg);
          return spec === "i" ? String(Math.trunc(n)) : formatPrimitive(n);
        }
        case "f": return typeof arg === "symbol" ? "NaN" : String(parseFloat(arg));
        case "j": try { return JSON.stringify(arg); } catch { return "[Circular]"; }
        case "o": case "O": return inspect(arg, { depth: spec === "o" ? 4 : 2 });
        case "c": return "";
      }
      return match;
    });
    parts.push(first);
    rest = args.slice(i);
  } else if (args.length) {
    parts.push(typeof args[0] === "string" ? args[0] : inspect(args[0]));
    rest = args.slice(1);
  }
  for (const a of rest) parts.push(typeof a === "string" ? a : inspect(a));
  return parts.join(" ");
};
