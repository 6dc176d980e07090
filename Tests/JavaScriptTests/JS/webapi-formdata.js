// FormData, multipart/form-data and application/x-www-form-urlencoded, both directions, and bad input.
const enc = (s) => new TextEncoder().encode(s);

test("FormData entries: append, set, delete, files from Blobs", () => {
  const f = new FormData();
  f.append("a", "1");
  f.append("a", "2");
  f.append("blob", new Blob(["xyz"], { type: "text/csv" }));
  f.append("named", new Blob(["q"]), "data.bin");
  assert.deepEqual(f.getAll("a"), ["1", "2"]);
  const blob = f.get("blob");
  assert.ok(blob instanceof File);
  assert.deepEqual([blob.name, blob.type, blob.size], ["blob", "text/csv", 3]);
  assert.equal(f.get("named").name, "data.bin");
  f.set("a", "3");
  assert.deepEqual([...f.keys()], ["a", "blob", "named"]);
  f.delete("named");
  assert.equal(f.has("named"), false);
  assert.equal(f.get("none"), null);
  assert.throws(() => f.append("x", "y", "file.txt"), TypeError);
  assert.throws(() => new FormData({}), TypeError);
  f.append(1, 2);
  assert.equal(f.get("1"), "2");
});

test("multipart round-trip keeps strings, files, unicode names and newlines", async () => {
  const f = new FormData();
  f.append("text", "line1\nline2");
  f.append("ünï \"q\"", "ö");
  f.append("file", new File([new Uint8Array([0, 255, 13, 10, 45, 45])], "b\"in.dat", { type: "application/x-bin" }));
  const request = new Request("https://e.com/upload", { method: "POST", body: f });
  const type = request.headers.get("content-type");
  assert.ok(/^multipart\/form-data; boundary=----KilnFormBoundary[0-9a-f]{24}$/.test(type), type);
  const raw = await request.clone().text();
  assert.ok(raw.includes('Content-Disposition: form-data; name="text"\r\n\r\nline1\r\nline2\r\n'), raw);
  assert.ok(raw.includes('filename="b%22in.dat"\r\nContent-Type: application/x-bin'));
  const back = await request.formData();
  assert.equal(back.get("text"), "line1\r\nline2");
  assert.equal(back.get("ünï %22q%22"), "ö");
  const file = back.get("file");
  assert.ok(file instanceof File);
  assert.deepEqual([file.name, file.type], ["b%22in.dat", "application/x-bin"]);
  assert.deepEqual([...await file.bytes()], [0, 255, 13, 10, 45, 45]);
});

test("multipart parsing of a hand-written body (preamble, quoted params, default types)", async () => {
  const body = "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue a\r\n" +
    "--XyZ\r\ncontent-disposition: form-data; filename=\"f.txt\"; name=\"up\"\r\n\r\nfile body\r\n--XyZ--\r\nepilogue";
  const form = await new Response(body, { headers: { "content-type": 'multipart/form-data; boundary="XyZ"' } }).formData();
  assert.equal(form.get("a"), "value a");
  assert.equal(form.get("up").name, "f.txt");
  assert.equal(form.get("up").type, "text/plain");
  assert.equal(await form.get("up").text(), "file body");
  const empty = await new Response("--b--\r\n", { headers: { "content-type": "multipart/form-data; boundary=b" } }).formData();
  assert.equal([...empty].length, 0);
});

test("malformed multipart bodies reject with TypeError naming the problem", async () => {
  const bad = {
    "no boundary param": ["multipart/form-data", "--x\r\n\r\n"],
    "missing delimiter": ["multipart/form-data; boundary=x", "no delimiters here"],
    "unterminated part": ["multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue"],
    "no name": ["multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data\r\n\r\nv\r\n--x--"],
    "bad header": ["multipart/form-data; boundary=x", "--x\r\nnot a header\r\n\r\nv\r\n--x--"],
    "no disposition": ["multipart/form-data; boundary=x", "--x\r\nContent-Type: text/plain\r\n\r\nv\r\n--x--"],
    "headers unterminated": ["multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=a"],
  };
  for (const [why, [type, body]] of Object.entries(bad)) {
    let error;
    try { await new Response(body, { headers: { "content-type": type } }).formData(); } catch (e) { error = e; }
    assert.ok(error instanceof TypeError, why);
    assert.ok(error.message.includes("FormData"), error.message);
  }
});

test("urlencoded bodies parse into FormData and serialize from URLSearchParams", async () => {
  const form = await new Request("https://e.com", {
    method: "POST", body: "a=1&b=x+y&c=%E2%82%AC&d", headers: { "content-type": "application/x-www-form-urlencoded" },
  }).formData();
  assert.deepEqual([...form], [["a", "1"], ["b", "x y"], ["c", "€"], ["d", ""]]);
  const r = new Request("https://e.com", { method: "POST", body: new URLSearchParams({ q: "a&b=c" }) });
  assert.equal(await r.text(), "q=a%26b%3Dc");
});
