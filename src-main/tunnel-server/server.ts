import net, { type AddressInfo, type Socket } from 'node:net';
import tls from 'node:tls';
import { Access } from './access';
import { answerApi } from './api';
import type { TunnelServerConfig } from './config';
import { Registry } from './registry';
import { FramingError, RequestFramer } from './request-framing';
import { errorResponse } from './responses';

export interface RunningTunnelServer {
  readonly port: number;
  /** `http(s)://<domain>[:port]`: what a localtunnel client passes as its host. */
  readonly url: string;
  readonly registry: Registry;
  close(): Promise<void>;
}

/**
 * `hookbay tunnel-server`: a localtunnel-protocol server that forwards each request as the bytes
 * the sender wrote. Requests for `<domain>` reach the registration API; requests for
 * `<id>.<domain>` go, unparsed beyond their framing, down one of tunnel `id`'s sockets.
 */
export async function startTunnelServer(config: TunnelServerConfig): Promise<RunningTunnelServer> {
  const access = new Access(config.tokens);
  const scheme = config.tls ? 'https' : 'http';
  let port = config.port;
  const urlFor = (host: string) => {
    const p = config.urlPort ?? port;
    const defaultPort = (scheme === 'http' && p === 80) || (scheme === 'https' && p === 443);
    return `${scheme}://${host}${defaultPort ? '' : `:${p}`}`;
  };
  const registry = new Registry(config, access, (id) => urlFor(`${id}.${config.domain}`));
  const onConnection = (socket: Socket) => servePublicConnection(socket, config, registry, access);
  // allowHalfOpen: a sender may finish writing (FIN) and still wait for the answer.
  const server = config.tls
    ? tls.createServer({ cert: config.tls.cert, key: config.tls.key, allowHalfOpen: true }, onConnection)
    : net.createServer({ allowHalfOpen: true }, onConnection);
  const open = new Set<Socket>();
  server.on(config.tls ? 'secureConnection' : 'connection', (s: Socket) => {
    open.add(s);
    s.once('close', () => open.delete(s));
  });
  // Failed handshakes (scanners, wrong protocol) are the sender's problem, not a crash.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: urlFor(config.domain),
    registry,
    close: async () => {
      registry.closeAll();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of open) s.destroy();
      await closed;
    },
  };
}

/** Where a Host header points: the API, a tunnel, or nowhere on this server. */
function route(host: string, domain: string): { kind: 'api' } | { kind: 'tunnel'; id: string } | { kind: 'unknown' } {
  const name = host.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  if (name === domain) return { kind: 'api' };
  if (name.endsWith(`.${domain}`)) {
    const id = name.slice(0, -domain.length - 1);
    if (id.length > 0 && !id.includes('.')) return { kind: 'tunnel', id };
  }
  return { kind: 'unknown' };
}

function servePublicConnection(socket: Socket, config: TunnelServerConfig, registry: Registry, access: Access): void {
  const framer = new RequestFramer({ maxHeadBytes: config.maxHeadBytes, maxBodyBytes: config.maxBodyBytes });
  let phase: 'routing' | 'waiting' | 'forwarding' | 'done' = 'routing';
  let tunnelId = '';
  let tunnelSocket: Socket | null = null;
  const queued: Buffer[] = [];
  let clientEnded = false;

  const finish = () => {
    phase = 'done';
    socket.destroy();
    tunnelSocket?.destroy();
  };
  const reply = (status: number, message: string) => {
    phase = 'done';
    socket.removeListener('data', onData);
    socket.end(errorResponse(status, message));
  };
  socket.setNoDelay(true);
  socket.setTimeout(config.idleTimeoutMs, finish);
  socket.on('error', finish);
  socket.on('close', () => {
    // A sender gone while waiting for a tunnel socket: the socket taken later goes back (see take()).
    if (phase === 'waiting') phase = 'done';
    tunnelSocket?.destroy();
  });
  socket.on('end', () => {
    clientEnded = true;
    if (phase === 'forwarding') tunnelSocket!.end();
    else if (phase === 'routing') socket.end();
  });

  const startForwarding = (tunnelSocketTaken: Socket) => {
    const t = tunnelSocketTaken;
    tunnelSocket = t;
    phase = 'forwarding';
    t.setTimeout(0);
    t.on('error', finish);
    t.on('close', () => socket.end());
    t.pipe(socket);
    for (const bytes of queued.splice(0)) t.write(bytes);
    if (clientEnded) t.end();
    socket.resume();
  };

  function onData(chunk: Buffer): void {
    let pieces;
    try {
      pieces = framer.push(chunk);
    } catch (err) {
      // Once bytes went down the tunnel, an answer from here would interleave with the receiver's.
      if (phase === 'forwarding') finish();
      else if (err instanceof FramingError) reply(err.status, err.message);
      else reply(400, 'The request could not be read.');
      return;
    }
    for (const piece of pieces) {
      if (piece.type === 'head') {
        const target = route(piece.head.host, config.domain);
        if (phase === 'routing') {
          if (target.kind === 'api') {
            socket.removeListener('data', onData);
            phase = 'done';
            // answerApi answers every failure itself; this catch is the last resort, never a crash.
            answerApi(socket, piece.head, piece.bytes, registry, access).catch(() => socket.destroy());
            return;
          }
          const tunnel = target.kind === 'tunnel' ? registry.tunnels.get(target.id) : undefined;
          if (!tunnel) return reply(404, `No tunnel is open at ${piece.head.host}.`);
          tunnelId = tunnel.id;
          phase = 'waiting';
          socket.pause();
          void tunnel.take(config.socketWaitMs).then((taken) => {
            if (phase !== 'waiting') return taken && tunnel.giveBack(taken);
            if (taken) startForwarding(taken);
            else if (registry.tunnels.get(tunnel.id) === tunnel) reply(504, `The tunnel ${tunnel.id} has no free connection to its client; try again.`);
            else reply(502, `The tunnel ${tunnel.id} closed.`);
          }, finish);
        } else if (target.kind !== 'tunnel' || target.id !== tunnelId) {
          // One connection serves one tunnel: another Host mid-connection would reach the wrong client.
          return finish();
        }
      }
      if (phase === 'forwarding') {
        if (!tunnelSocket!.write(piece.bytes)) {
          socket.pause();
          tunnelSocket!.once('drain', () => socket.resume());
        }
      } else if (phase === 'waiting') queued.push(piece.bytes);
    }
  }
  socket.on('data', onData);
}
