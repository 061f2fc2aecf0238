import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { HeaderPairs } from '../../contract/common';
import { derive } from '../capture/derive';
import { endpointPath, splitTarget } from '../endpoints/route';
import { HookbayError } from '../errors';
import { resignRequest } from '../signatures';
import type { EndpointRecord } from '../store/endpoint-store';
import type { RequestWithBody } from '../store/request-store';
import type { CapturedRequest } from '../store/rows';
import { adHocTarget, endpointTargets, type ForwardPlan } from './forward-plan';

export interface ReplayEdit {
  url?: string;
  method?: string;
  /** Path (and query) relative to the endpoint, e.g. `/invoices?x=1`. */
  path?: string;
  headers?: HeaderPairs;
  body?: Buffer;
  resign?: boolean;
}

export interface BuiltReplay {
  record: CapturedRequest;
  plan: ForwardPlan;
}

/**
 * A replay is stored as a request of its own (`via: 'replay'`, `replayOf` = the request it
 * was made from), holding exactly the bytes that will be sent, so the edited request, its
 * deliveries and their responses can be inspected and compared like any capture.
 */
export function buildReplay(
  original: RequestWithBody,
  endpoint: EndpointRecord,
  edit: ReplayEdit,
  publicUrl: string | null,
  now = Date.now(),
): BuiltReplay {
  const method = edit.method?.toUpperCase() ?? original.method;
  let { path, query } = original;
  if (edit.path !== undefined) {
    const split = splitTarget(edit.path);
    path = endpointPath(endpoint, split.path);
    query = split.query;
  }
  const body = edit.body ?? original.body;
  if (edit.headers) checkHeaders(edit.headers);
  let headers = edit.headers ?? original.headers;
  if (edit.resign) {
    if (!endpoint.verify) {
      throw new HookbayError('invalid_input', `Endpoint "${endpoint.slug}" has no signature scheme to re-sign with.`, [
        { path: 'resign', message: 'the endpoint has no signature scheme' },
      ]);
    }
    try {
      headers = resignRequest({ method, path, query, headers, body }, endpoint.verify, { publicUrl, now });
    } catch (err) {
      throw new HookbayError('invalid_input', `Could not re-sign: ${(err as Error).message}`, [
        { path: 'resign', message: (err as Error).message },
      ]);
    }
  }
  const record: CapturedRequest = {
    endpointId: endpoint.id,
    method,
    path,
    query,
    headers,
    body,
    size: body.length,
    truncated: false,
    remoteAddress: null,
    receivedAt: now,
    via: 'replay',
    ...derive(headers, body),
    error: null,
    replayOf: original.id,
    verification: null,
  };
  const targets = edit.url
    ? [adHocTarget(edit.url, record, endpoint, edit.path !== undefined)]
    : endpointTargets(record, endpoint);
  if (targets.length === 0) {
    throw new HookbayError(
      'invalid_input',
      `No forward target of "${endpoint.slug}" would receive this request; add one or replay to a URL.`,
      [{ path: 'url', message: 'no target matches; give a URL' }],
    );
  }
  return { record, plan: { targets, resigned: edit.resign === true, deliveryIds: [] } };
}

/** Edited headers must be sendable; say which one is not before anything is stored. */
function checkHeaders(headers: HeaderPairs): void {
  headers.forEach(([name, value], i) => {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch (err) {
      throw new HookbayError('invalid_input', `Header "${name}" cannot be sent: ${(err as Error).message}`, [
        { path: `headers.${i}`, message: (err as Error).message },
      ]);
    }
  });
}
