// URL and URLSearchParams: WHATWG parsing of special, file, opaque and IPv4/IPv6 hosts, setters, errors.
const parse = (input, base) => new URL(input, base).href;

test("URL parses special schemes and normalizes", () => {
  assert.equal(parse("HTTP://EXAMPLE.com:80/a/./b/../c?q=1#f"), "http://example.com/a/c?q=1#f");
  assert.equal(parse("https://example.com:443"), "https://example.com/");
  assert.equal(parse("https://example.com:8443/"), "https://example.com:8443/");
  assert.equal(parse("http://example.com\\x\\y"), "http://example.com/x/y");
  assert.equal(parse("  http://a.com/ b\t\n"), "http://a.com/%20b");
  assert.equal(parse("http://user:p@ss@host/"), "http://user:p%40ss@host/");
  assert.equal(parse("http://a.com/%7Bx%7D{y}"), "http://a.com/%7Bx%7D%7By%7D");
  assert.equal(parse("http://a.com/?q=a b'c"), "http://a.com/?q=a%20b%27c");
  assert.equal(parse("foo://a.com/?q=a b'c"), "foo://a.com/?q=a%20b'c");
});

test("URL resolves relative references against a base", () => {
  const base = "http://a/b/c/d;p?q";
  const cases = { "g": "http://a/b/c/g", "./g": "http://a/b/c/g", "g/": "http://a/b/c/g/", "/g": "http://a/g",
    "//g": "http://g/", "?y": "http://a/b/c/d;p?y", "g?y": "http://a/b/c/g?y", "#s": "http://a/b/c/d;p?q#s",
    "..": "http://a/b/", "../g": "http://a/b/g", "../../../../g": "http://a/g", "": "http://a/b/c/d;p?q" };
  for (const [input, expected] of Object.entries(cases)) assert.equal(parse(input, base), expected, input);
  assert.equal(parse("path", new URL("https://x.org/dir/file")), "https://x.org/dir/path");
});

test("URL hosts: IPv4 forms, IPv6 compression, IDNA, forbidden code points", () => {
  assert.equal(new URL("http://0x7f.1/").host, "127.0.0.1");
  assert.equal(new URL("http://2130706433/").host, "127.0.0.1");
  assert.equal(new URL("http://0300.0250.0.1/").host, "192.168.0.1");
  assert.equal(new URL("http://[0:0:0:0:0:0:0:1]/").host, "[::1]");
  assert.equal(new URL("http://[2001:db8:0:0:1:0:0:1]:8080/").host, "[2001:db8::1:0:0:1]:8080");
  assert.equal(new URL("http://[::ffff:192.168.0.1]/").hostname, "[::ffff:c0a8:1]");
  assert.equal(new URL("http://münchen.de/").hostname, "xn--mnchen-3ya.de");
  assert.equal(new URL("http://EXAMPLE.%63om/").hostname, "example.com");
  for (const bad of ["http://256.0.0.1.2/", "http://1.2.3.4.5/", "http://[::1/", "http://[1::2::3]/", "http://a b/",
    "http://a<b/", "http://%00/", "http://xn--/", "https://", "http://a.com:99999/", "http://a:b@/"]) {
    assert.throws(() => new URL(bad), TypeError, bad);
  }
});

test("URL file: and opaque paths", () => {
  assert.equal(parse("file:///C|/x"), "file:///C:/x");
  assert.equal(parse("file://localhost/etc/hosts"), "file:///etc/hosts");
  assert.equal(parse("../x", "file:///a/b/c"), "file:///a/x");
  const mail = new URL("mailto:someone@example.com?subject=hi");
  assert.equal(mail.pathname, "someone@example.com");
  assert.equal(mail.search, "?subject=hi");
  assert.equal(mail.origin, "null");
  assert.equal(parse("data:text/plain,a b"), "data:text/plain,a b");
  assert.equal(parse("javascript:alert(1)"), "javascript:alert(1)");
  assert.equal(new URL("blob:https://a.com/uuid").origin, "https://a.com");
  assert.throws(() => new URL("g", "mailto:x"), TypeError);
});

test("URL errors are TypeErrors naming the input; canParse and parse", () => {
  let error;
  try { new URL("not a url"); } catch (e) { error = e; }
  assert.ok(error instanceof TypeError);
  assert.ok(error.message.includes("not a url"), error.message);
  assert.throws(() => new URL("/x", "bad base"), TypeError);
  assert.equal(URL.canParse("https://a"), true);
  assert.equal(URL.canParse("/a"), false);
  assert.equal(URL.canParse("/a", "https://b"), true);
  assert.equal(URL.parse("nope"), null);
  assert.equal(URL.parse("/p", "https://h").href, "https://h/p");
  assert.throws(() => new URL(), TypeError);
});

test("URL components and setters", () => {
  const u = new URL("https://user:pw@example.com:8080/p/a?x=1#h");
  assert.deepEqual([u.protocol, u.username, u.password, u.host, u.hostname, u.port, u.pathname, u.search, u.hash, u.origin],
    ["https:", "user", "pw", "example.com:8080", "example.com", "8080", "/p/a", "?x=1", "#h", "https://example.com:8080"]);
  u.protocol = "http"; assert.equal(u.href, "http://user:pw@example.com:8080/p/a?x=1#h");
  u.protocol = "foo"; assert.equal(u.protocol, "http:", "special to non-special is refused");
  u.port = "80"; assert.equal(u.port, "");
  u.port = "81abc"; assert.equal(u.port, "81");
  u.host = "other.org:9"; assert.equal(u.host, "other.org:9");
  u.hostname = "x.org"; assert.equal(u.host, "x.org:9");
  u.pathname = "/a b/../c"; assert.equal(u.pathname, "/c");
  u.search = "q=a b"; assert.equal(u.search, "?q=a%20b");
  u.hash = "frag ment"; assert.equal(u.hash, "#frag%20ment");
  u.username = "a@b"; assert.equal(u.username, "a%40b");
  u.href = "https://new.example/"; assert.equal(u.host, "new.example");
  assert.throws(() => { u.href = "::"; }, TypeError);
  assert.equal(JSON.stringify({ u }), '{"u":"https://new.example/"}');
  assert.equal(String(u), "https://new.example/");
});

test("URL.searchParams stays in sync with the URL", () => {
  const u = new URL("https://a.com/?b=2&a=1&a=3");
  assert.equal(u.searchParams.get("a"), "1");
  assert.deepEqual(u.searchParams.getAll("a"), ["1", "3"]);
  u.searchParams.append("c", "x y&z");
  assert.equal(u.search, "?b=2&a=1&a=3&c=x+y%26z");
  u.searchParams.sort();
  assert.equal(u.search, "?a=1&a=3&b=2&c=x+y%26z");
  u.search = "?k=v";
  assert.equal(u.searchParams.get("k"), "v");
  u.searchParams.delete("k");
  assert.equal(u.href, "https://a.com/");
});

test("URLSearchParams parsing, serialization and iteration", () => {
  const p = new URLSearchParams("?a=1&b=%20x+y&c&=e&a=2&%zz=%F0%9F%98%80");
  assert.deepEqual([...p], [["a", "1"], ["b", " x y"], ["c", ""], ["", "e"], ["a", "2"], ["%zz", "😀"]]);
  assert.equal(p.size, 6);
  assert.equal(p.has("a", "2"), true);
  p.set("a", "3");
  assert.deepEqual(p.getAll("a"), ["3"]);
  p.delete("b", "nope");
  assert.equal(p.has("b"), true);
  assert.equal(new URLSearchParams({ q: "ü ~*'()!" }).toString(), "q=%C3%BC+%7E*%27%28%29%21");
  assert.equal(new URLSearchParams([["x", "1"], ["y", "2"]]).toString(), "x=1&y=2");
  assert.throws(() => new URLSearchParams([["x"]]), TypeError);
  const seen = [];
  new URLSearchParams("a=1&b=2").forEach((v, k) => seen.push(k + v));
  assert.deepEqual(seen, ["a1", "b2"]);
  assert.deepEqual([...new URLSearchParams("z=1&y=2").keys()], ["z", "y"]);
  assert.equal(new URLSearchParams("a=\uD800").get("a"), "\uFFFD");
});
