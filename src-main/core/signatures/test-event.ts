import crypto from 'node:crypto';
import type { HeaderPairs } from '../../contract/common';
import type { SampleEvent } from '../../contract/samples';
import type { VerifyConfig } from '../../contract/verification';
import { signRequest, type SignableRequest } from './index';

export interface TestEventOptions {
  /** The endpoint's signature settings; unsigned when null or when it has no key to sign with. */
  verify: VerifyConfig | null;
  /** The stored path the event is sent to (the endpoint's). */
  path: string;
  /** The URL URL-bound schemes sign: the public URL, else the receiver's. */
  url: string;
  /** A body to send instead of the sample's own. */
  body?: string;
  /** Sign, then break the signature, to show what a failed verification looks like. */
  tamper: boolean;
  now: number;
}

/** Whether the endpoint has what its scheme needs to sign (a secret, or a private key). */
function canSign(verify: VerifyConfig | null): verify is VerifyConfig {
  return verify !== null && (verify.secrets.length > 0 || typeof verify.options?.privateKey === 'string');
}

/**
 * A sample event as its provider would send it: signed with the endpoint's scheme (the
 * sample's own scheme when the endpoint auto-detects), or deliberately mis-signed.
 * Throws `SigningError` when the settings cannot sign.
 */
export function signedTestEvent(sample: SampleEvent, o: TestEventOptions): { headers: HeaderPairs; body: Buffer } {
  let payload: Buffer = Buffer.from(o.body ?? sample.body);
  const headers: HeaderPairs = [['Content-Type', 'application/json'], ['User-Agent', 'Hookbay-Test-Event'], ...(sample.headers ?? [])];
  if (!canSign(o.verify)) return { headers, body: payload };
  const config = o.verify.scheme === 'auto' ? { ...o.verify, scheme: sample.scheme } : o.verify;
  const req: SignableRequest = { method: 'POST', path: o.path, query: '', headers, body: payload };
  const signed = signRequest(req, config, { publicUrl: o.url, now: o.now });
  if (signed.body) payload = signed.body;
  let signedHeaders = signed.headers;
  if (o.tamper) {
    if (signed.body) {
      const parsed = JSON.parse(payload.toString()) as { signature: { signature: string } };
      parsed.signature.signature = corrupt(parsed.signature.signature);
      payload = Buffer.from(JSON.stringify(parsed));
    } else {
      // The signature headers are the ones that change with the content.
      const other = signRequest({ ...req, body: Buffer.concat([payload, Buffer.from(crypto.randomBytes(4).toString('hex'))]) }, config, { publicUrl: o.url, now: o.now });
      const differs = (i: number) => other.headers[i]?.[1] !== signedHeaders[i]![1];
      const targets = signedHeaders.some((_, i) => differs(i)) ? signedHeaders.map((_, i) => differs(i)) : signedHeaders.map(() => true);
      signedHeaders = signedHeaders.map(([k, v], i) => [k, targets[i] ? corrupt(v) : v]);
    }
  }
  return { headers: [...headers, ...signedHeaders], body: payload };
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
