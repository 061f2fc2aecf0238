import { z } from 'zod';
import { HttpUrl } from './fields';

export const TunnelState = z.enum(['off', 'connecting', 'online', 'reconnecting', 'error']);
export type TunnelState = z.infer<typeof TunnelState>;

/**
 * Who provides the public URL: a localtunnel server (loca.lt or any compatible one), a
 * self-hosted `hookbay tunnel-server` (byte-exact), ngrok (its SDK) or cloudflared (its binary).
 */
export const TunnelProvider = z.enum(['localtunnel', 'hookbay', 'ngrok', 'cloudflared']);
export type TunnelProvider = z.infer<typeof TunnelProvider>;

export const TunnelStatus = z.object({
  state: TunnelState,
  /** Absent means localtunnel (statuses saved or sent before providers existed). */
  provider: TunnelProvider.optional(),
  /** Public base URL while online (e.g. `https://quiet-fox.loca.lt`). */
  url: z.string().nullable(),
  requestedSubdomain: z.string().nullable(),
  /** Subdomain the server actually handed out; differs from `requestedSubdomain` when it was taken. */
  grantedSubdomain: z.string().nullable().optional(),
  host: z.string(),
  /** Reconnect attempt number and when the next try happens (ms epoch). */
  attempt: z.number().int().optional(),
  nextRetryAt: z.number().optional(),
  /** Plain-words reason for `error` and `reconnecting`. */
  reason: z.string().optional(),
  /** True when the server handed out another URL than the last one (provider settings now wrong). */
  urlChanged: z.boolean().default(false),
  /** Every URL this tunnel has had, newest last. */
  history: z.array(z.object({ url: z.string(), since: z.number() })).default([]),
  lastProbeAt: z.number().optional(),
});
export type TunnelStatus = z.infer<typeof TunnelStatus>;

const SECRET_TEXT = z.string().min(1).max(512).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export const TunnelSettings = z
  .object({
  enabled: z.boolean(),
  /** Default `localtunnel`. */
  provider: TunnelProvider.optional(),
  // The localtunnel server's own rule (it answers 403 otherwise), capped at a DNS label's 63.
  subdomain: z
    .string()
    .regex(
      /^(?:[a-z0-9][a-z0-9-]{4,61}[a-z0-9]|[a-z0-9]{4,63})$/,
      'subdomain must be 4-63 lowercase letters or digits; with dashes, at least 6 and not starting or ending with one',
    )
    .optional(),
  host: HttpUrl.optional(),
  /** Fail instead of accepting a different subdomain than the one requested. */
  requireSubdomain: z.boolean().optional(),
  /** `hookbay`: the server's access token (sent as `Authorization: Bearer`; stored as a secret). */
  token: SECRET_TEXT.optional(),
  /** `ngrok`: authtoken; else NGROK_AUTHTOKEN. Stored as a secret. */
  authtoken: SECRET_TEXT.optional(),
  /** `ngrok`: a reserved domain (e.g. `hooks.example.com` or `name.ngrok.app`). `cloudflared`: the public hostname of a named tunnel. */
  domain: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'domain must be a host name like hooks.example.com').optional(),
  /** `cloudflared`: a named tunnel from the user's cloudflared config; without it, a quick tunnel. */
  tunnelName: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'tunnelName must be letters, digits, dots, dashes or underscores').optional(),
  /** `cloudflared`: path of the binary; default: `cloudflared` on PATH. */
  binary: z.string().min(1).max(4096).optional(),
  })
  .superRefine((s, ctx) => {
    const provider = s.provider ?? 'localtunnel';
    const only: Record<string, TunnelProvider[]> = {
      subdomain: ['localtunnel', 'hookbay'],
      host: ['localtunnel', 'hookbay'],
      requireSubdomain: ['localtunnel', 'hookbay'],
      token: ['hookbay'],
      authtoken: ['ngrok'],
      domain: ['ngrok', 'cloudflared'],
      tunnelName: ['cloudflared'],
      binary: ['cloudflared'],
    };
    for (const [field, providers] of Object.entries(only)) {
      if (s[field as keyof typeof s] !== undefined && !providers.includes(provider)) {
        ctx.addIssue({ code: 'custom', path: [field], message: `${field} applies to the ${providers.join(' and ')} provider${providers.length > 1 ? 's' : ''}, not ${provider}` });
      }
    }
    if (provider === 'hookbay' && s.host === undefined) {
      ctx.addIssue({ code: 'custom', path: ['host'], message: 'host is required for the hookbay provider: the URL of your hookbay tunnel-server' });
    }
    if (s.tunnelName !== undefined && s.domain === undefined) {
      ctx.addIssue({ code: 'custom', path: ['domain'], message: 'domain is required with tunnelName: the hostname your named tunnel routes to this machine' });
    }
  });
export type TunnelSettings = z.infer<typeof TunnelSettings>;
