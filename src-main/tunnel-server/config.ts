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
  /** A public connection with no traffic either way for this long is closed (it holds a tunnel socket). */
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
  idleTimeoutMs: 60_000,
};
