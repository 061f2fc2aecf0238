import type { Socket } from 'node:net';
import type { Access } from './access';
import { normalizeAddress } from './hosted-tunnel';
import { Refusal, type Registry } from './registry';
import type { RequestHead } from './request-framing';
import { jsonResponse } from './responses';

/**
 * The requests for the bare domain, one per connection: the localtunnel registration
 * (`GET /?new`, `GET /<name>`), its status route, and `/api/health`. The stock localtunnel client
 * cannot send headers, so it carries a token in its host URL's path: `--host https://D/t/<token>`
 * makes it ask `GET /t/<token>/<name>`. Hookbay sends `Authorization: Bearer <token>` instead.
 */
export async function answerApi(socket: Socket, head: RequestHead, bytes: Buffer, registry: Registry, access: Access): Promise<void> {
  const send = (status: number, body: unknown): void => void socket.end(jsonResponse(status, body));
  if (head.method !== 'GET') return send(405, { message: 'Only GET is served here' });
  let url: URL;
  try {
    url = new URL(head.target, 'http://server');
  } catch {
    return send(400, { message: 'Bad request target' });
  }
  let pathname = url.pathname;
  let token = bearerToken(bytes);
  const prefixed = /^\/t\/([^/]+)(\/.*)?$/.exec(pathname);
  if (prefixed) {
    try {
      token = decodeURIComponent(prefixed[1]!);
    } catch {
      return send(400, { message: 'The token in the path is not valid percent-encoding' });
    }
    pathname = prefixed[2] ?? '/';
  }

  if (pathname === '/api/health') {
    let sockets = 0;
    for (const t of registry.tunnels.values()) sockets += t.connectedSockets;
    return send(200, { status: 'ok', tunnels: registry.tunnels.size, sockets });
  }
  const status = /^\/api\/tunnels\/([^/]+)\/status$/.exec(pathname);
  if (status) {
    if (!access.identify(token)) return send(401, { message: 'This tunnel server needs an access token' });
    const tunnel = registry.tunnels.get(status[1]!);
    return tunnel ? send(200, { connected_sockets: tunnel.connectedSockets }) : send(404, { message: 'No such tunnel' });
  }
  const name = pathname === '/' && url.searchParams.has('new') ? null : /^\/([^/]+)$/.exec(pathname)?.[1];
  if (name === undefined) return send(404, { message: 'Not found. Ask for a tunnel with GET /?new or GET /<subdomain>.' });
  try {
    const grant = await registry.open(token, name, normalizeAddress(socket.remoteAddress));
    send(200, grant);
  } catch (err) {
    if (err instanceof Refusal) send(err.status, { message: err.message });
    else send(500, { message: 'The tunnel server failed to open the tunnel' });
  }
}

/** `Authorization: Bearer <token>` from the raw head (only GETs come here, so the head is all there is). */
function bearerToken(head: Buffer): string | null {
  const match = /\r\nauthorization:[ \t]*bearer[ \t]+([^\r\n]+?)[ \t]*\r\n/i.exec(head.toString('latin1'));
  return match ? match[1]! : null;
}
