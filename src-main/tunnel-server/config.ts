import type { TokenGrant } from './access';

export interface TunnelServerConfig {
  /** Public port (HTTP, or HTTPS with `tls`). 0: one the OS picks. */
  port: number;
  /** Address the public port binds to. */
  address: string;
  /** Tunnels are `<id>.<domain>`; requests for `<domain>` itself reach the API. */
  domain: string;
  /** Port written into tunnel URLs; null: the listening port, left out when it is 80/443. */
  urlPort: number | null;
  tls: { cert: Buffer; key: Buffer } | null;
  tokens: TokenGrant[];
  /** Where tunnel sockets connect, and the ports they may use (null: OS-picked). */
  tunnelAddress: string;
  tunnelPorts: { from: number; to: number } | null;
  maxTunnels: number;
  maxTunnelsPerToken: number;
  maxSocketsPerTunnel: number;
  maxHeadBytes: number;
  maxBodyBytes: number;
  /** How long a tunnel without sockets keeps its name. */
  graceMs: number;
  /** How long a public request waits for a free tunnel socket. */
  socketWaitMs: number;
  /** Requests that may wait for a socket of one tunnel at once; more are answered 503. */
  maxWaitingPerTunnel: number;
  /** A request's head must arrive within this long of its first byte (or of the connection's start). */
  headersTimeoutMs: number;
  /** The whole request (head and body) must arrive within this long of its first byte. */
  requestTimeoutMs: number;
  /** A kept-alive public connection with no request under way is closed after this long. */
  keepAliveTimeoutMs: number;
  /** Body bytes read before a tunnel socket is taken (smaller bodies arrive whole first). */
  bufferBodyBytes: number;
  /** A tunnel socket back in the pool after an exchange is closed after this long unused (the client opens a fresh one). */
  tunnelSocketReuseMs: number;
  /** Public connections one address may hold open at once. */
  maxConnectionsPerAddress: number;
  /** While a request is forwarded or answered: no byte either way for this long ends the exchange. */
  idleTimeoutMs: number;
}

export const DEFAULT_TUNNEL_SERVER_CONFIG: Omit<TunnelServerConfig, 'domain'> = {
  port: 0,
  address: '0.0.0.0',
  urlPort: null,
  tls: null,
  tokens: [],
  tunnelAddress: '0.0.0.0',
  tunnelPorts: null,
  maxTunnels: 1000,
  maxTunnelsPerToken: 5,
  maxSocketsPerTunnel: 10,
  maxHeadBytes: 64 * 1024,
  maxBodyBytes: 25 * 1024 * 1024,
  graceMs: 5_000,
  socketWaitMs: 10_000,
  maxWaitingPerTunnel: 100,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  bufferBodyBytes: 64 * 1024,
  tunnelSocketReuseMs: 2_000,
  maxConnectionsPerAddress: 200,
  idleTimeoutMs: 60_000,
};
