import type { EndpointRecord } from '../store/endpoint-store';
import { endpointPath, subPath } from './route';

type Addressed = Pick<EndpointRecord, 'builtIn' | 'slug' | 'verify'>;

/** The receiver's own URL for an endpoint (`http://127.0.0.1:8787/stripe`). */
export function endpointLocalUrl(endpoint: Addressed, receiverUrl: string): string {
  return `${receiverUrl}${endpointPath(endpoint)}`;
}

/**
 * The URL a provider calls for an endpoint: the tunnel's while it is online, else the one
 * the user set for URL-bound signatures, else none.
 */
export function endpointPublicUrl(endpoint: Addressed, publicBaseUrl: string | null): string | null {
  if (publicBaseUrl) return `${publicBaseUrl}${endpointPath(endpoint)}`;
  return endpoint.verify?.publicUrl ?? null;
}

/** The public URL a provider called for one request: the endpoint's, plus the request's sub-path. */
export function requestPublicUrl(endpoint: Addressed, publicBaseUrl: string | null, path: string): string | null {
  const base = endpointPublicUrl(endpoint, publicBaseUrl);
  if (!base) return null;
  const sub = subPath(path, endpoint.slug);
  return sub === '/' ? base : base.replace(/\/$/, '') + sub;
}
