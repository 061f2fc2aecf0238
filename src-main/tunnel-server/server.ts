import net, { type AddressInfo, type Socket } from 'node:net';
import tls from 'node:tls';
import { Access } from './access';
import type { TunnelServerConfig } from './config';
import { normalizeAddress } from './hosted-tunnel';
import { PublicConnection } from './public-connection';
import { Registry } from './registry';

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
  const onConnection = (socket: Socket) => void new PublicConnection(socket, config, registry, access);
  // allowHalfOpen: a sender may finish writing (FIN) and still wait for the answer.
  const server = config.tls
    ? tls.createServer({ cert: config.tls.cert, key: config.tls.key, allowHalfOpen: true }, onConnection)
    : net.createServer({ allowHalfOpen: true }, onConnection);
  // Each connection costs a descriptor and a little memory even before it sends a byte: one
  // address may hold only so many (checked on the TCP connection, before any TLS handshake).
  const perAddress = new Map<string, number>();
  server.on('connection', (s: Socket) => {
    const from = normalizeAddress(s.remoteAddress);
    const count = perAddress.get(from) ?? 0;
    if (count >= config.maxConnectionsPerAddress) {
      s.destroy();
      return;
    }
    perAddress.set(from, count + 1);
    s.once('close', () => {
      const left = (perAddress.get(from) ?? 1) - 1;
      if (left > 0) perAddress.set(from, left);
      else perAddress.delete(from);
    });
  });
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
