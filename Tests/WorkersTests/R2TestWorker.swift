/// The Worker the R2 binding tests talk to over HTTP: `/obj/KEY` maps PUT/GET/HEAD/DELETE onto the bucket
/// (request headers become `httpMetadata`, `range` and `onlyIf`), `/list` lists, `/multipart`, `/multipart-stream` and `/errors`
/// run scenarios in JS and answer what they saw as JSON.
enum R2TestWorker {
    static let toml = """
        name = "r2-test"
        main = "index.js"
        compatibility_date = "2024-09-23"
        [[r2_buckets]]
        binding = "BUCKET"
        bucket_name = "prod-bucket"
        preview_bucket_name = "dev-bucket"
        """

    static let script = #"""
        const json = (value, status = 200) => Response.json(value, { status });
        async function putValue(kind, request) {
          if (kind === "stream") return request.body;
          if (kind === "null") return null;
          const bytes = new Uint8Array(await request.arrayBuffer());
          switch (kind) {
            case "string": return new TextDecoder().decode(bytes);
            case "arraybuffer": return bytes.slice().buffer;
            case "typed": { const padded = new Uint8Array(bytes.length + 2); padded.set(bytes, 1); return padded.subarray(1, bytes.length + 1); }
            case "dataview": { const padded = new Uint8Array(bytes.length + 3); padded.set(bytes, 3); return new DataView(padded.buffer, 3, bytes.length); }
            case "blob": return new Blob([bytes.subarray(0, 10), bytes.subarray(10)]);
            default: throw new Error("unknown kind " + kind);
          }
        }
        function described(error) { return { name: error.name, message: error.message }; }

        export default {
          async fetch(request, env) {
            const url = new URL(request.url);
            const bucket = env.BUCKET;
            const params = url.searchParams;
            if (url.pathname.startsWith("/obj/")) {
              const key = decodeURIComponent(url.pathname.slice(5));
              if (request.method === "PUT") {
                const options = { httpMetadata: request.headers };
                if (params.has("meta")) options.customMetadata = JSON.parse(params.get("meta"));
                if (params.has("sha256")) options.sha256 = params.get("sha256");
                if (params.has("ifMatch")) options.onlyIf = { etagMatches: params.get("ifMatch") };
                if (params.has("onlyIfHeaders")) options.onlyIf = request.headers;
                try {
                  const object = await bucket.put(key, await putValue(params.get("kind") ?? "arraybuffer", request), options);
                  return json(object);
                } catch (error) { return json(described(error), 400); }
              }
              if (request.method === "DELETE") { await bucket.delete(key); return new Response(null, { status: 204 }); }
              if (request.method === "HEAD") {
                const object = await bucket.head(key);
                return object === null ? new Response(null, { status: 404 }) : json(object);
              }
              let object;
              try {
                object = await bucket.get(key, { range: request.headers, onlyIf: request.headers });
              } catch (error) {
                return json(described(error), error instanceof RangeError ? 416 : 400);
              }
              if (object === null) return new Response("no such key", { status: 404 });
              const headers = new Headers({ etag: object.httpEtag, "x-size": String(object.size), "x-uploaded": object.uploaded.toISOString() });
              object.writeHttpMetadata(headers);
              if (!("body" in object)) {
                const notModified = request.headers.has("if-none-match") || request.headers.has("if-modified-since");
                return new Response(null, { status: notModified ? 304 : 412, headers });
              }
              if (object.range) headers.set("x-range", JSON.stringify(object.range));
              headers.set("x-custom", JSON.stringify(object.customMetadata));
              const status = request.headers.has("range") ? 206 : 200;
              switch (params.get("read")) {
                case "text": return new Response(await object.text(), { status, headers });
                case "json": return json({ parsed: await object.json() });
                case "blob": { const blob = await object.blob(); return new Response(await blob.arrayBuffer(), { status, headers: { "x-blob-type": blob.type, "x-blob-size": String(blob.size) } }); }
                case "arrayBuffer": return new Response(await object.arrayBuffer(), { status, headers });
                case "twice": { await object.arrayBuffer(); try { await object.text(); return json({ used: object.bodyUsed }); } catch (error) { return json({ used: object.bodyUsed, ...described(error) }); } }
                default: return new Response(object.body, { status, headers });
              }
            }
            if (url.pathname === "/list") {
              const options = {};
              for (const name of ["prefix", "delimiter", "cursor", "startAfter"]) if (params.has(name)) options[name] = params.get(name);
              if (params.has("limit")) options.limit = Number(params.get("limit"));
              if (params.has("include")) options.include = params.get("include").split(",");
              const listing = await bucket.list(options);
              return json({ keys: listing.objects.map((o) => o.key), truncated: listing.truncated, cursor: listing.cursor ?? null,
                delimitedPrefixes: listing.delimitedPrefixes, custom: listing.objects.map((o) => o.customMetadata ?? null) });
            }
            if (url.pathname === "/multipart") {
              const key = params.get("key");
              const partSize = 5 * 1024 * 1024;
              const upload = await bucket.createMultipartUpload(key, { httpMetadata: { contentType: "application/x-parts" }, customMetadata: { parts: "3" } });
              const resumed = bucket.resumeMultipartUpload(key, upload.uploadId);
              const part1 = await upload.uploadPart(1, new Uint8Array(partSize).fill(1));
              const part2 = await resumed.uploadPart(2, new Blob([new Uint8Array(partSize).fill(2)]));
              const part3 = await upload.uploadPart(3, "tail");
              const object = await upload.complete([part1, part2, part3]);
              const body = await bucket.get(key, { range: { offset: partSize - 2, length: 4 } });
              const edge = Array.from(new Uint8Array(await body.arrayBuffer()));
              const tail = await (await bucket.get(key, { range: { suffix: 4 } })).text();
              const aborted = await bucket.createMultipartUpload(key + "-aborted");
              await aborted.uploadPart(1, "never");
              await aborted.abort();
              let afterAbort;
              try { await aborted.uploadPart(2, "late"); afterAbort = "accepted"; } catch (error) { afterAbort = described(error); }
              return json({ size: object.size, etag: object.etag, contentType: object.httpMetadata.contentType, custom: object.customMetadata,
                edge, tail, abortedExists: (await bucket.head(key + "-aborted")) !== null, afterAbort, uploadId: typeof upload.uploadId });
            }
            if (url.pathname === "/multipart-stream") {
              // Part 1 is the request body as it streams in from the network; part 2 is short.
              const key = params.get("key");
              const upload = await bucket.createMultipartUpload(key);
              const part1 = await upload.uploadPart(1, request.body);
              const part2 = await upload.uploadPart(2, new Blob(["tail"]).stream());
              const object = await upload.complete([part1, part2]);
              const edge = await (await bucket.get(key, { range: { offset: object.size - 6, length: 6 } })).arrayBuffer();
              return json({ size: object.size, part1: part1.etag, part2: part2.etag, etag: object.etag, edge: Array.from(new Uint8Array(edge)) });
            }
            if (url.pathname === "/errors") {
              const attempts = {
                longKey: () => bucket.put("k".repeat(1025), "x"),
                negativeOffset: () => bucket.get("a", { range: { offset: -1 } }),
                suffixAndOffset: () => bucket.get("a", { range: { offset: 1, suffix: 2 } }),
                listLimit: () => bucket.list({ limit: 0 }),
                numberValue: () => bucket.put("n", 42),
                twoHashes: () => bucket.put("h", "x", { md5: "00".repeat(16), sha1: "00".repeat(20) }),
                badHash: () => bucket.put("h", "x", { sha256: "zz" }),
                wrongDigest: () => bucket.put("h", "x", { sha256: "00".repeat(32) }),
                partNumber: async () => (await bucket.createMultipartUpload("p")).uploadPart(0, "x"),
                badCursor: () => bucket.list({ cursor: "not-a-cursor" }),
                notHeaders: async () => (await bucket.head("kept")).writeHttpMetadata({}),
              };
              await bucket.put("kept", "still here");
              const results = {};
              for (const [name, attempt] of Object.entries(attempts)) {
                try { await attempt(); results[name] = { name: "none" }; } catch (error) { results[name] = described(error); }
              }
              results.kept = await (await bucket.get("kept")).text();
              return json(results);
            }
            return new Response("not found", { status: 404 });
          },
        };
        """#
}
