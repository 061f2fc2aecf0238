/** Where the tunnel's choices live in the settings table: whether it is on (and where), and its URL history. */
export const TUNNEL_SETTINGS_KEY = 'tunnel';
export const TUNNEL_HISTORY_KEY = 'tunnel.history';
