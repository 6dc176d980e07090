// The WHATWG basic URL parser (URL Standard §4.4) as its state machine, with state overrides for the URL
// setters, plus the URL serializer. A URL record is { scheme, username, password, host, port, path, query,
// fragment } where path is an array of segments, or a string for URLs with an opaque path.
const internal = kiln.internal;
const sets = internal.percentEncodeSets;
const { percentEncodeCodePoint: encode, parseHost } = internal;

const specialPorts = { "ftp": 21, "file": null, "http": 80, "https": 443, "ws": 80, "wss": 443 };
const isSpecialScheme = (s) => Object.prototype.hasOwnProperty.call(specialPorts, s);
const isAlpha = (c) => c !== undefined && /^[A-Za-z]$/.test(c);
const isAlphanumeric = (c) => c !== undefined && /^[A-Za-z0-9]$/.test(c);
const isDigit = (c) => c !== undefined && c >= "0" && c <= "9";
const isWindowsDriveLetter = (s) => s.length === 2 && isAlpha(s[0]) && (s[1] === ":" || s[1] === "|");
const isNormalizedWindowsDriveLetter = (s) => s.length === 2 && isAlpha(s[0]) && s[1] === ":";
const startsWithWindowsDriveLetter = (cps, i) =>
  cps.length - i >= 2 && isWindowsDriveLetter(cps[i] + cps[i + 1]) &&
  (cps.length - i === 2 || ["/", "\\", "?", "#"].includes(cps[i + 2]));
const isSingleDot = (s) => s === "." || s.toLowerCase() === "%2e";
const isDoubleDot = (s) => ["..", ".%2e", "%2e.", "%2e%2e"].includes(s.toLowerCase());

function shortenPath(url) {
  const { path } = url;
  if (url.scheme === "file" && path.length === 1 && isNormalizedWindowsDriveLetter(path[0])) return;
  path.pop();
}
internal.isSpecialScheme = isSpecialScheme;
internal.defaultPort = (scheme) => specialPorts[scheme] ?? null;
internal.includesCredentials = (url) => url.username !== "" || url.password !== "";

// Returns a URL record, or null on failure. With stateOverride, mutates `url` and returns it (or null when
// the setter must leave the URL unchanged, which callers treat as "no change").
internal.parseURL = function parseURL(input, base = null, url = null, stateOverride = null) {
  if (!url) {
    url = { scheme: "", username: "", password: "", host: null, port: null, path: [], query: null, fragment: null };
    input = input.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  }
  input = input.replace(/[\t\n\r]/g, "");
  let state = stateOverride ?? "scheme start";
  let buffer = "", atSignSeen = false, insideBrackets = false, passwordTokenSeen = false;
  const cps = Array.from(input);
  for (let pointer = 0; pointer <= cps.length; pointer++) {
    const c = cps[pointer]; // undefined is EOF
    const remaining = (k) => cps[pointer + k];
    switch (state) {
      case "scheme start":
        if (isAlpha(c)) { buffer += c.toLowerCase(); state = "scheme"; }
        else if (!stateOverride) { state = "no scheme"; pointer--; }
        else return null;
        break;
      case "scheme":
        if (isAlphanumeric(c) || c === "+" || c === "-" || c === ".") buffer += c.toLowerCase();
        else if (c === ":") {
          if (stateOverride) {
            if (isSpecialScheme(url.scheme) !== isSpecialScheme(buffer)) return null;
            if ((internal.includesCredentials(url) || url.port !== null) && buffer === "file") return null;
            if (url.scheme === "file" && url.host === "") return null;
          }
          url.scheme = buffer;
          if (stateOverride) {
            if (url.port === specialPorts[url.scheme]) url.port = null;
            return url;
          }
          buffer = "";
          if (url.scheme === "file") state = "file";
          else if (isSpecialScheme(url.scheme) && base && base.scheme === url.scheme) state = "special relative or authority";
          else if (isSpecialScheme(url.scheme)) state = "special authority slashes";
          else if (remaining(1) === "/") { state = "path or authority"; pointer++; }
          else { url.path = ""; state = "opaque path"; }
        } else if (!stateOverride) { buffer = ""; state = "no scheme"; pointer = -1; }
        else return null;
        break;
      case "no scheme":
        if (!base || (typeof base.path === "string" && c !== "#")) return null;
        if (typeof base.path === "string" && c === "#") {
          url.scheme = base.scheme; url.path = base.path; url.query = base.query; url.fragment = ""; state = "fragment";
        } else if (base.scheme !== "file") { state = "relative"; pointer--; }
        else { state = "file"; pointer--; }
        break;
      case "special relative or authority":
        if (c === "/" && remaining(1) === "/") { state = "special authority ignore slashes"; pointer++; }
        else { state = "relative"; pointer--; }
        break;
      case "path or authority":
        if (c === "/") state = "authority";
        else { state = "path"; pointer--; }
        break;
      case "relative":
        url.scheme = base.scheme;
        if (c === "/") state = "relative slash";
        else if (isSpecialScheme(url.scheme) && c === "\\") state = "relative slash";
        else {
          url.username = base.username; url.password = base.password; url.host = base.host; url.port = base.port;
          url.path = base.path.slice(); url.query = base.query;
          if (c === "?") { url.query = ""; state = "query"; }
          else if (c === "#") { url.fragment = ""; state = "fragment"; }
          else if (c !== undefined) { url.query = null; shortenPath(url); state = "path"; pointer--; }
        }
        break;
      case "relative slash":
        if (isSpecialScheme(url.scheme) && (c === "/" || c === "\\")) state = "special authority ignore slashes";
        else if (c === "/") state = "authority";
        else {
          url.username = base.username; url.password = base.password; url.host = base.host; url.port = base.port;
          state = "path"; pointer--;
        }
        break;
      case "special authority slashes":
        if (c === "/" && remaining(1) === "/") { state = "special authority ignore slashes"; pointer++; }
        else { state = "special authority ignore slashes"; pointer--; }
        break;
      case "special authority ignore slashes":
        if (c !== "/" && c !== "\\") { state = "authority"; pointer--; }
        break;
      case "authority":
        if (c === "@") {
          if (atSignSeen) buffer = "%40" + buffer;
          atSignSeen = true;
          for (const ch of buffer) {
            if (ch === ":" && !passwordTokenSeen) { passwordTokenSeen = true; continue; }
            const encoded = encode(ch, sets.userinfo);
            if (passwordTokenSeen) url.password += encoded; else url.username += encoded;
          }
          buffer = "";
        } else if (c === undefined || c === "/" || c === "?" || c === "#" || (isSpecialScheme(url.scheme) && c === "\\")) {
          if (atSignSeen && buffer === "") return null;
          pointer -= Array.from(buffer).length + 1;
          buffer = "";
          state = "host";
        } else buffer += c;
        break;
      case "host":
      case "hostname":
        if (stateOverride && url.scheme === "file") { pointer--; state = "file host"; }
        else if (c === ":" && !insideBrackets) {
          if (buffer === "") return null;
          if (stateOverride === "hostname") return null;
          const host = parseHost(buffer, !isSpecialScheme(url.scheme));
          if (host === null) return null;
          url.host = host; buffer = ""; state = "port";
        } else if (c === undefined || c === "/" || c === "?" || c === "#" || (isSpecialScheme(url.scheme) && c === "\\")) {
          pointer--;
          if (isSpecialScheme(url.scheme) && buffer === "") return null;
          if (stateOverride && buffer === "" && (internal.includesCredentials(url) || url.port !== null)) return null;
          const host = parseHost(buffer, !isSpecialScheme(url.scheme));
          if (host === null) return null;
          url.host = host; buffer = ""; state = "path start";
          if (stateOverride) return url;
        } else {
          if (c === "[") insideBrackets = true;
          if (c === "]") insideBrackets = false;
          buffer += c;
        }
        break;
      case "port":
        if (isDigit(c)) buffer += c;
        else if (c === undefined || c === "/" || c === "?" || c === "#" || (isSpecialScheme(url.scheme) && c === "\\") || stateOverride) {
          if (buffer !== "") {
            const port = parseInt(buffer, 10);
            if (port > 65535) return null;
            url.port = port === specialPorts[url.scheme] ? null : port;
            buffer = "";
            if (stateOverride) return url;
          }
          if (stateOverride) return null;
          state = "path start"; pointer--;
        } else return null;
        break;
      case "file":
        url.scheme = "file";
        url.host = "";
        if (c === "/" || c === "\\") state = "file slash";
        else if (base && base.scheme === "file") {
          url.host = base.host; url.path = base.path.slice(); url.query = base.query;
          if (c === "?") { url.query = ""; state = "query"; }
          else if (c === "#") { url.fragment = ""; state = "fragment"; }
          else if (c !== undefined) {
            url.query = null;
            if (!startsWithWindowsDriveLetter(cps, pointer)) shortenPath(url);
            else url.path = [];
            state = "path"; pointer--;
          }
        } else { state = "path"; pointer--; }
        break;
      case "file slash":
        if (c === "/" || c === "\\") state = "file host";
        else {
          if (base && base.scheme === "file") {
            url.host = base.host;
            if (!startsWithWindowsDriveLetter(cps, pointer) && base.path.length && isNormalizedWindowsDriveLetter(base.path[0])) {
              url.path.push(base.path[0]);
            }
          }
          state = "path"; pointer--;
        }
        break;
      case "file host":
        if (c === undefined || c === "/" || c === "\\" || c === "?" || c === "#") {
          pointer--;
          if (!stateOverride && isWindowsDriveLetter(buffer)) state = "path";
          else if (buffer === "") {
            url.host = "";
            if (stateOverride) return url;
            state = "path start";
          } else {
            let host = parseHost(buffer, false);
            if (host === null) return null;
            if (host === "localhost") host = "";
            url.host = host;
            if (stateOverride) return url;
            buffer = ""; state = "path start";
          }
        } else buffer += c;
        break;
      case "path start":
        if (isSpecialScheme(url.scheme)) {
          state = "path";
          if (c !== "/" && c !== "\\") pointer--;
        } else if (!stateOverride && c === "?") { url.query = ""; state = "query"; }
        else if (!stateOverride && c === "#") { url.fragment = ""; state = "fragment"; }
        else if (c !== undefined) { state = "path"; if (c !== "/") pointer--; }
        else if (stateOverride && url.host === null) url.path.push("");
        break;
      case "path":
        if (c === undefined || c === "/" || (isSpecialScheme(url.scheme) && c === "\\") || (!stateOverride && (c === "?" || c === "#"))) {
          const slash = c === "/" || (isSpecialScheme(url.scheme) && c === "\\");
          if (isDoubleDot(buffer)) {
            shortenPath(url);
            if (!slash) url.path.push("");
          } else if (isSingleDot(buffer) && !slash) url.path.push("");
          else if (!isSingleDot(buffer)) {
            if (url.scheme === "file" && url.path.length === 0 && isWindowsDriveLetter(buffer)) buffer = buffer[0] + ":";
            url.path.push(buffer);
          }
          buffer = "";
          if (c === "?") { url.query = ""; state = "query"; }
          if (c === "#") { url.fragment = ""; state = "fragment"; }
        } else buffer += encode(c, sets.path);
        break;
      case "opaque path":
        if (c === "?") { url.query = ""; state = "query"; }
        else if (c === "#") { url.fragment = ""; state = "fragment"; }
        else if (c === " " && (remaining(1) === "?" || remaining(1) === "#")) url.path += "%20";
        else if (c !== undefined) url.path += encode(c, sets.c0Control);
        break;
      case "query":
        if ((!stateOverride && c === "#") || c === undefined) {
          const set = isSpecialScheme(url.scheme) ? sets.specialQuery : sets.query;
          for (const ch of buffer) url.query += encode(ch, set);
          buffer = "";
          if (c === "#") { url.fragment = ""; state = "fragment"; }
        } else buffer += c;
        break;
      case "fragment":
        if (c !== undefined) url.fragment += encode(c, sets.fragment);
        break;
    }
  }
  return url;
};

internal.serializePath = function serializePath(url) {
  if (typeof url.path === "string") return url.path;
  return url.path.map((segment) => "/" + segment).join("");
};

internal.serializeURL = function serializeURL(url, excludeFragment = false) {
  let out = url.scheme + ":";
  if (url.host !== null) {
    out += "//";
    if (internal.includesCredentials(url)) {
      out += url.username;
      if (url.password !== "") out += ":" + url.password;
      out += "@";
    }
    out += url.host;
    if (url.port !== null) out += ":" + url.port;
  } else if (typeof url.path !== "string" && url.path.length > 1 && url.path[0] === "") {
    out += "/.";
  }
  out += internal.serializePath(url);
  if (url.query !== null) out += "?" + url.query;
  if (!excludeFragment && url.fragment !== null) out += "#" + url.fragment;
  return out;
};

internal.serializeOrigin = function serializeOrigin(url) {
  switch (url.scheme) {
    case "blob": {
      const inner = internal.parseURL(internal.serializePath(url));
      return inner && (inner.scheme === "http" || inner.scheme === "https") ? internal.serializeOrigin(inner) : "null";
    }
    case "ftp": case "http": case "https": case "ws": case "wss":
      return `${url.scheme}://${url.host}${url.port !== null ? ":" + url.port : ""}`;
    default:
      return "null";
  }
};
