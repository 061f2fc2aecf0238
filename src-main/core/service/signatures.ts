import crypto from 'node:crypto';
import type { Handlers } from '../../contract';
import type { HeaderPairs } from '../../contract/common';
import type { Verification, VerifyConfig } from '../../contract/verification';
import type { CaptureHook } from '../capture/capture-writer';
import { subPath } from '../capture/endpoint-route';
import { HookbayError, notFound } from '../errors';
import type { Hookbay } from '../hookbay';
import { signRequest, SigningError, verifyConfigIssues, verifyRequest, type SignableRequest } from '../signatures';
import { SAMPLE_EVENTS } from '../signatures/samples';
import type { EndpointRecord } from '../store/endpoint-store';

/** The URL the provider called for a request: tunnel URL, else the user-set one, plus any sub-path. */
export function publicUrlFor(app: Hookbay, endpoint: EndpointRecord, path: string): string | null {
  const base = app.publicBaseUrl ? `${app.publicBaseUrl}/${endpoint.builtIn ? '' : endpoint.slug}` : (endpoint.verify?.publicUrl ?? null);
  if (!base) return null;
  const sub = subPath(path, endpoint.slug);
  return sub === '/' ? base : base.replace(/\/$/, '') + sub;
}

/** Other endpoints' secrets, so "signed with the secret of endpoint X" can be named. */
function otherSecrets(app: Hookbay, endpoint: EndpointRecord) {
  return app.endpoints
    .all()
    .filter((e) => e.id !== endpoint.id && e.verify)
    .flatMap((e) => e.verify!.secrets.map((secret) => ({ label: e.name, secret })));
}

export function verifyFor(app: Hookbay, req: SignableRequest & { receivedAt: number }, endpoint: EndpointRecord): Verification {
  return verifyRequest(req, endpoint.verify, { publicUrl: publicUrlFor(app, endpoint, req.path), otherSecrets: otherSecrets(app, endpoint) });
}

/** Stores every capture with its verdict (runs inside the insert transaction). */
export function verificationHook(app: Hookbay): CaptureHook {
  return {
    prepare(req, endpoint) {
      // Unparseable HTTP has no headers to verify; it stays "unverified".
      if (req.error === null || req.method !== '') req.verification = verifyFor(app, req, endpoint);
    },
  };
}

/** Rejects an unknown scheme or invalid custom options with the field named. */
export function assertValidVerify(verify: VerifyConfig | null | undefined): void {
  const issues = verifyConfigIssues(verify);
  if (issues.length > 0) throw new HookbayError('invalid_input', `${issues[0]!.path}: ${issues[0]!.message}`, issues);
}

const CHUNK = 200;
const generations = new WeakMap<Hookbay, Map<string, number>>();

/**
 * Recomputes stored verdicts after an endpoint's `verify` changed, newest first, in small
 * transactions yielded between, so capture is never blocked for long. A newer change to the
 * same endpoint supersedes a run in progress. Resolves with the number of changed verdicts.
 */
export function reverifyEndpoint(app: Hookbay, endpointId: string): Promise<number> {
  const runs = generations.get(app) ?? new Map<string, number>();
  generations.set(app, runs);
  const generation = (runs.get(endpointId) ?? 0) + 1;
  runs.set(endpointId, generation);
  const ids = app.requests.ids({ endpointId }, Number.MAX_SAFE_INTEGER);
  let changed = 0;
  const chunk = app.db.transaction((slice: number[]) => {
    const endpoint = app.endpoints.byIdOrSlug(endpointId);
    if (!endpoint) return [];
    const updated: number[] = [];
    for (const id of slice) {
      const r = app.requests.get(id);
      if (!r || (r.error !== null && r.method === '')) continue;
      const v = verifyFor(app, r, endpoint);
      if (v.status !== r.verification?.status || v.reason !== r.verification.reason || v.scheme !== r.verification.scheme) {
        app.requests.setVerification(id, v);
        updated.push(id);
      }
    }
    return updated;
  });
  return new Promise((resolve) => {
    let at = 0;
    const step = () => {
      if (runs.get(endpointId) !== generation || at >= ids.length) return resolve(changed);
      let updated: number[];
      try {
        updated = chunk(ids.slice(at, at + CHUNK));
      } catch {
        return resolve(changed); // the database closed under us (shutdown): stop quietly
      }
      at += CHUNK;
      changed += updated.length;
      for (const id of updated) app.announceUpdate(id);
      setImmediate(step);
    };
    setImmediate(step);
  });
}

/**
 * Changes one signature character to its neighbour in the same class (a↔b, e↔f, 0↔1, A↔B),
 * so hex stays hex and base64 stays base64: the result is a wrong signature, not garbage.
 */
function corrupt(value: string): string {
  const from = Math.floor(value.length * 0.75);
  const at = [...value].findIndex((c, i) => i >= from && /[0-9a-zA-Z]/.test(c));
  if (at < 0) return value + '0';
  const code = value.charCodeAt(at);
  const base = code >= 97 ? 97 : code >= 65 ? 65 : 48;
  return value.slice(0, at) + String.fromCharCode(((code - base) ^ 1) + base) + value.slice(at + 1);
}

export function signatureHandlers(app: Hookbay): Pick<Handlers, 'verifyRequest' | 'listSampleEvents' | 'sendTestEvent'> {
  return {
    verifyRequest: async ({ id }) => {
      const r = app.requests.get(id);
      if (!r) throw notFound(`Request ${id}`);
      const endpoint = app.endpoints.byIdOrSlug(r.endpointId);
      if (!endpoint) throw notFound(`Endpoint ${r.endpointId}`);
      const v = verifyFor(app, r, endpoint);
      app.requests.setVerification(id, v);
      app.announceUpdate(id);
      return v;
    },
    listSampleEvents: async () => [...SAMPLE_EVENTS],
    sendTestEvent: async ({ id, provider, eventType, body, tamper }) => {
      const endpoint = app.endpoints.byIdOrSlug(id);
      if (!endpoint) throw notFound(`Endpoint ${id}`);
      const sample = SAMPLE_EVENTS.find((s) => s.provider === provider && s.eventType === eventType);
      if (!sample) {
        throw new HookbayError('invalid_input', `There is no sample event "${eventType}" for "${provider}".`, [{ path: 'eventType', message: 'unknown sample event' }]);
      }
      const path = endpoint.builtIn ? '/' : `/${endpoint.slug}`;
      let payload: Buffer = Buffer.from(body ?? sample.body);
      let headers: HeaderPairs = [['Content-Type', 'application/json'], ['User-Agent', 'Hookbay-Test-Event']];
      const verify = endpoint.verify;
      if (verify && (verify.secrets.length > 0 || typeof verify.options?.privateKey === 'string')) {
        const config = verify.scheme === 'auto' ? { ...verify, scheme: sample.scheme } : verify;
        const req: SignableRequest = { method: 'POST', path, query: '', headers, body: payload };
        // Without a public URL the verifier falls back to the Host header, i.e. the local URL.
        const url = publicUrlFor(app, endpoint, path) ?? `${app.receiverUrl}${path}`;
        const now = Date.now();
        let signed;
        try {
          signed = signRequest(req, config, { publicUrl: url, now });
        } catch (err) {
          if (err instanceof SigningError) throw new HookbayError('invalid_input', err.message, [{ path: 'verify', message: err.message }]);
          throw err;
        }
        if (signed.body) payload = signed.body;
        let signedHeaders = signed.headers;
        if (tamper) {
          if (signed.body) {
            const parsed = JSON.parse(payload.toString()) as { signature: { signature: string } };
            parsed.signature.signature = corrupt(parsed.signature.signature);
            payload = Buffer.from(JSON.stringify(parsed));
          } else {
            // The signature headers are the ones that change with the content.
            const other = signRequest({ ...req, body: Buffer.concat([payload, Buffer.from(crypto.randomBytes(4).toString('hex'))]) }, config, { publicUrl: url, now });
            const differs = (i: number) => other.headers[i]?.[1] !== signedHeaders[i]![1];
            const targets = signedHeaders.some((_, i) => differs(i)) ? signedHeaders.map((_, i) => differs(i)) : signedHeaders.map(() => true);
            signedHeaders = signedHeaders.map(([k, v], i) => [k, targets[i] ? corrupt(v) : v]);
          }
        }
        headers = [...headers, ...signedHeaders];
      }
      const res = await fetch(`${app.receiverUrl}${path}`, { method: 'POST', headers, body: payload });
      await res.arrayBuffer();
      const requestId = res.headers.get('X-Hookbay-Request-Id');
      return { requestId: requestId === null ? null : Number(requestId), status: res.status };
    },
  };
}
