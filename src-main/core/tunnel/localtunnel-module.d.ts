// Types for the one internal module of `@security-patched/localtunnel` (pinned exactly in
// package.json) that LocaltunnelClient extends; the package ships none.
declare module '@security-patched/localtunnel/lib/Tunnel' {
  import { EventEmitter } from 'node:events';

  namespace Tunnel {
    interface Options {
      port: number;
      host?: string;
      subdomain?: string;
      /** Setting it also rewrites the Host header (and decodes the first chunk as text): avoid. */
      local_host?: string;
    }
    interface Info {
      name: string;
      url: string;
      max_conn: number;
      remote_host: string | null;
      remote_ip?: string;
      remote_port: number;
      local_port: number;
    }
  }

  class Tunnel extends EventEmitter {
    constructor(opts: Tunnel.Options);
    opts: Tunnel.Options;
    closed: boolean;
    clientId?: string;
    url?: string;
    /** Emits `open` (socket) per connected tunnel socket, `dead`, `error`, `request`. */
    tunnelCluster?: EventEmitter & { open(): void };
    protected _getInfo(body: unknown): Tunnel.Info;
    protected _init(cb: (err: Error | null, info?: Tunnel.Info) => void): void;
    protected _establish(info: Tunnel.Info): void;
    open(cb: (err?: Error) => void): void;
    close(): void;
  }

  export = Tunnel;
}

// The package's entry (the stock client), which tests drive against `hookbay tunnel-server`.
declare module '@security-patched/localtunnel' {
  import type TunnelClass from '@security-patched/localtunnel/lib/Tunnel';

  function localtunnel(opts: TunnelClass.Options): Promise<TunnelClass>;
  namespace localtunnel {
    type Tunnel = TunnelClass;
  }
  export = localtunnel;
}
