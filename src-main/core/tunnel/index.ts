export { Tunnel, DEFAULT_TUNNEL_HOST, type TunnelOptions } from './tunnel';
export { DEFAULT_TUNNEL_TIMING, type TunnelTiming } from './timing';
export { PROBE_PATH } from './probe';
