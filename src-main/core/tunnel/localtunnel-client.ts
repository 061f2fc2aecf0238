import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import Tunnel from '@security-patched/localtunnel/lib/Tunnel';
import type { Registration } from './registration';

/** Node announces every client socket it creates on this channel, synchronously. */
const CLIENT_SOCKET_CHANNEL = 'net.client.socket';

/**
 * The real localtunnel client (its socket pool, `TunnelCluster`, is used unchanged) for a tunnel
 * that `register()` already obtained, and which keeps track of its sockets so that health
 * watching and `shutdown` deal in facts rather than in the client's events.
 *
 * Never pass `local_host`: upstream then rewrites the Host header and decodes the first chunk of
 * each connection as UTF-8, which corrupts binary bodies. The ingress listens where `localhost`
 * resolves instead, which is upstream's default local host.
 */
export class LocaltunnelClient extends Tunnel {
  /** Connected sockets to the tunnel server (what health watching counts). */
  readonly sockets = new Set<Socket>();
  /** Every socket upstream created and that is not closed yet, connected or not, either side. */
  private readonly everySocket = new Set<Socket>();

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
    // Upstream creates its server sockets inside `TunnelCluster.open()` (first here, later when
    // one dies) and shows them only once connected; catch them at creation, so that a socket
    // still connecting when we shut down is closed too.
    this.catchingSockets(() => super._establish(info));
    const cluster = this.tunnelCluster!;
    const open = cluster.open.bind(cluster);
    cluster.open = () => this.catchingSockets(open);

    cluster.on('open', (socket: Socket) => {
      if (this.closed) return; // upstream destroys it
      // Right after this event, in the same synchronous run, upstream connects to the ingress.
      this.catchSocketsUntilMicrotask();
      this.sockets.add(socket);
      this.emit('sockets', this.sockets.size);
      socket.once('close', () => {
        this.sockets.delete(socket);
        this.emit('sockets', this.sockets.size);
      });
      // A retried connection to the ingress (upstream retries after a second) shows up here.
      socket.on('pipe', (local: Socket) => this.track(local));
    });
  }

  /** Opens the socket pool; resolves at once (sockets connect in the background). */
  start(): Promise<void> {
    return new Promise((resolve, reject) => this.open((err) => (err ? reject(err) : resolve())));
  }

  /** Closes every socket, to the server and to the ingress, and resolves once they are all gone. */
  async shutdown(): Promise<void> {
    this.close();
    const all = [...this.everySocket];
    const closing = all.map((s) => new Promise<void>((resolve) => (s.closed ? resolve() : s.once('close', () => resolve()))));
    for (const s of all) s.destroy();
    await Promise.all(closing);
  }

  private track(socket: Socket): void {
    this.everySocket.add(socket);
    socket.once('close', () => this.everySocket.delete(socket));
  }

  private catchSocketsUntilMicrotask(): void {
    const onSocket = (message: unknown) => this.track((message as { socket: Socket }).socket);
    diagnostics.subscribe(CLIENT_SOCKET_CHANNEL, onSocket);
    queueMicrotask(() => diagnostics.unsubscribe(CLIENT_SOCKET_CHANNEL, onSocket));
  }

  private catchingSockets(create: () => void): void {
    const onSocket = (message: unknown) => this.track((message as { socket: Socket }).socket);
    diagnostics.subscribe(CLIENT_SOCKET_CHANNEL, onSocket);
    try {
      create();
    } finally {
      diagnostics.unsubscribe(CLIENT_SOCKET_CHANNEL, onSocket);
    }
  }
}
