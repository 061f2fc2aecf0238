import type { Socket } from 'node:net';
import Tunnel from '@security-patched/localtunnel/lib/Tunnel';
import type { Registration } from './registration';

/**
 * The real localtunnel client (its socket pool, `TunnelCluster`, is used unchanged) for a tunnel
 * that `register()` already obtained, and which counts its sockets so that health watching and
 * `stop` deal in facts rather than in the client's events.
 *
 * Never pass `local_host`: upstream then rewrites the Host header and decodes the first chunk of
 * each connection as UTF-8, which corrupts binary bodies. The ingress listens where `localhost`
 * resolves instead, which is upstream's default local host.
 */
export class LocaltunnelClient extends Tunnel {
  /** Connected sockets to the tunnel server. */
  readonly sockets = new Set<Socket>();
  /** Upstream's connections to the ingress, one per server socket that carried a request. */
  private readonly localSockets = new Set<Socket>();

  constructor(
    private readonly registration: Registration,
    host: string,
    localPort: number,
  ) {
    super({ port: localPort, host });
  }

  /** Hands upstream the grant we fetched ourselves (see `register`). */
  protected override _init(cb: (err: Error | null, info?: Tunnel.Info) => void): void {
    cb(null, this._getInfo(this.registration));
  }

  protected override _establish(info: Tunnel.Info): void {
    super._establish(info);
    this.tunnelCluster!.on('open', (socket: Socket) => {
      if (this.closed) return; // upstream destroys it
      this.sockets.add(socket);
      this.emit('sockets', this.sockets.size);
      // Upstream never exposes its local socket, but it pipes it into this one, which says so.
      socket.on('pipe', (local: Socket) => {
        this.localSockets.add(local);
        local.once('close', () => this.localSockets.delete(local));
      });
      socket.once('close', () => {
        this.sockets.delete(socket);
        this.emit('sockets', this.sockets.size);
      });
    });
  }

  /** Opens the socket pool; resolves at once (sockets connect in the background). */
  start(): Promise<void> {
    return new Promise((resolve, reject) => this.open((err) => (err ? reject(err) : resolve())));
  }

  /** Closes every socket, to the server and to the ingress, and resolves once they are all gone. */
  async shutdown(): Promise<void> {
    this.close();
    const all = [...this.sockets, ...this.localSockets];
    const closing = all.map((s) => new Promise<void>((resolve) => (s.closed ? resolve() : s.once('close', () => resolve()))));
    for (const s of all) s.destroy();
    await Promise.all(closing);
  }
}
