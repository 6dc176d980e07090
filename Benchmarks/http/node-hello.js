// The Node.js peer of examples/hello for `kiln bench http`: node's `http` module answering the same bytes.
// Prints the port it listens on (argv[2], 0 = any free one) as its first line.
const http = require("node:http");
const body = Buffer.from("Hello from Kiln!\n");
const server = http.createServer((request, response) => {
  response.writeHead(200, { "content-type": "text/plain", "content-length": body.length });
  response.end(body);
});
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  console.log(server.address().port);
});
