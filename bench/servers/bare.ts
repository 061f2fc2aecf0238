/** The limit: a bare Node `http` server that reads the whole body and answers 200. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { announceReady, onStop } from './protocol';

let seen = 0;
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    Buffer.concat(chunks);
    seen++;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 11 });
    res.end('{"ok":true}');
  });
});
server.listen(0, '127.0.0.1', () => announceReady((server.address() as AddressInfo).port));
onStop(() => seen);
