import crypto from 'node:crypto';
import type { HeaderPairs } from '../../contract/common';
import type { CustomSchemeOptions, Verification } from '../../contract/verification';
import { headerValue } from '../http/headers';
import { ALGORITHMS, matchesAny, signWith } from './algorithms';
import { isBase64, isHex } from './keys';
import { indexSecrets, MAX_SIGNATURE_CANDIDATES, type BodyVariant, type Matcher, type MatchAttempt, type MatchHit } from './matcher';
import { compileTemplate, renderTemplate, usesPlaceholder, type TemplatePart } from './template';
import { formatTimestamp, parseTimestamp, type ProviderTimestamp } from './timestamp';
import type { SignableRequest, SignedParts, SignInput, SignatureEncoding, VerifyInput } from './types';
import { conclude, malformed, missing, unusable } from './verdict';

/** A signature header as read, before any crypto. */
interface ReadSignatures {
  header: string;
  /** The first `MAX_SIGNATURE_CANDIDATES` signatures the header offers. */
  signatures: string[];
  /** How many it offers in all. */
  offered: number;
  timestamp: ProviderTimestamp | null;
  id: string | undefined;
}

type ReadResult = { ok: true; read: ReadSignatures } | { ok: false; verdict: Verification };

function splitPairs(value: string, separator: string): Map<string, string[]> {
  const pairs = new Map<string, string[]>();
  for (const part of value.split(separator)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const list = pairs.get(key) ?? [];
    list.push(part.slice(eq + 1).trim());
    pairs.set(key, list);
  }
  return pairs;
}

function bodyField(body: Buffer, name: string): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && name in parsed) {
      const v = (parsed as Record<string, unknown>)[name];
      return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
    }
  } catch {
    /* not JSON: reported as a missing field */
  }
  return undefined;
}

function decode(signature: string, encoding: SignatureEncoding): Buffer | null {
  if (encoding === 'hex') return isHex(signature) ? Buffer.from(signature, 'hex') : null;
  return isBase64(signature) ? Buffer.from(signature, 'base64') : null;
}

const short = (s: string) => JSON.stringify(s.length > 24 ? `${s.slice(0, 24)}…` : s);

/**
 * The engine behind `custom` and every preset: reads signatures per the options, checks
 * them against each secret (and URL, for URL-bound templates) and signs the same way.
 */
export class Recipe {
  readonly parts: TemplatePart[];
  readonly urlBound: boolean;
  readonly headers: readonly string[];

  constructor(
    readonly scheme: string,
    readonly o: CustomSchemeOptions,
  ) {
    this.parts = compileTemplate(o.content);
    this.urlBound = usesPlaceholder(this.parts, 'url');
    const ts = o.timestamp?.from === 'header' ? [o.timestamp.name] : [];
    this.headers = [o.signatureHeader, ...o.alternateHeaders, ...ts, ...(o.idHeader ? [o.idHeader] : [])];
  }

  present(req: SignableRequest): boolean {
    return [this.o.signatureHeader, ...this.o.alternateHeaders].some((h) => headerValue(req.headers, h) !== undefined);
  }

  read(req: SignableRequest): ReadResult {
    const o = this.o;
    const fail = (verdict: Verification): ReadResult => ({ ok: false, verdict });
    let header = o.signatureHeader;
    let value: string | undefined;
    for (const name of [o.signatureHeader, ...o.alternateHeaders]) {
      value = headerValue(req.headers, name);
      if (value !== undefined) {
        header = name;
        break;
      }
    }
    if (value === undefined) return fail(missing(this.scheme, o.signatureHeader));
    let signatures: string[];
    let pairs: Map<string, string[]> | null = null;
    if (o.format === 'composite') {
      pairs = splitPairs(value, o.separator);
      signatures = pairs.get(o.signatureKey) ?? [];
      if (signatures.length === 0) return fail(malformed(this.scheme, header, `no "${o.signatureKey}=" signature in ${short(value)}`));
    } else if (o.format === 'list') {
      signatures = value.trim().split(/\s+/).filter((s) => s.startsWith(o.prefix)).map((s) => s.slice(o.prefix.length));
      if (signatures.length === 0) return fail(malformed(this.scheme, header, `no "${o.prefix}<signature>" item in ${short(value)}`));
    } else {
      const v = value.trim();
      if (!v.startsWith(o.prefix)) return fail(malformed(this.scheme, header, `expected "${o.prefix}<signature>", got ${short(v)}`));
      signatures = [v.slice(o.prefix.length)];
    }
    // Only the first few are ever looked at, so the work per request is bounded whatever the header holds.
    const offered = signatures.length;
    signatures = signatures.slice(0, MAX_SIGNATURE_CANDIDATES);
    const spec = ALGORITHMS[o.algorithm];
    const other: SignatureEncoding = o.encoding === 'hex' ? 'base64' : 'hex';
    // Well-formed in the expected encoding, or an HMAC digest in the other one (a mix-up to diagnose).
    const plausible = signatures.some((s) => {
      const own = decode(s, o.encoding);
      if (own && spec.plausibleLength(own.length)) return true;
      const alt = spec.kind === 'hmac' ? decode(s, other) : null;
      return alt !== null && spec.plausibleLength(alt.length);
    });
    if (!plausible) {
      const capped = offered > signatures.length ? ` (${offered} candidates, only the first ${signatures.length} checked)` : '';
      return fail(malformed(this.scheme, header, `${short(signatures[0]!)} is not a ${o.encoding} ${o.algorithm} signature${capped}`));
    }

    let timestamp: ProviderTimestamp | null = null;
    if (o.timestamp) {
      const t = o.timestamp;
      const raw =
        t.from === 'header' ? headerValue(req.headers, t.name) : t.from === 'composite' ? pairs?.get(t.name)?.[0] : bodyField(req.body, t.name);
      if (raw === undefined) {
        if (t.from === 'header') return fail(missing(this.scheme, t.name));
        const where = t.from === 'composite' ? `no "${t.name}=" timestamp in ${short(value)}` : `the body has no "${t.name}" field`;
        return fail(malformed(this.scheme, header, where));
      }
      timestamp = parseTimestamp(raw, t.unit);
      if (!timestamp) {
        const expected = t.unit === 'rfc3339' ? 'an RFC 3339 date' : 'a number';
        return fail(malformed(this.scheme, t.from === 'header' ? t.name : header, `timestamp ${short(raw)} is not ${expected}`));
      }
    }
    let id: string | undefined;
    if (o.idHeader) {
      id = headerValue(req.headers, o.idHeader);
      if (id === undefined && usesPlaceholder(this.parts, 'id')) return fail(missing(this.scheme, o.idHeader));
    }
    return { ok: true, read: { header, signatures, offered, timestamp, id } };
  }

  bodies(body: Buffer): BodyVariant[] {
    const raw: BodyVariant[] = [{ form: 'raw', bytes: body }];
    if (!this.o.acceptCompactJson) return raw;
    try {
      const compact = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
      if (!compact.equals(body)) raw.push({ form: 'compact-json', bytes: compact });
    } catch {
      /* not JSON: only the raw body can match */
    }
    return raw;
  }

  matcher(input: VerifyInput, read: ReadSignatures): Matcher {
    const { req } = input;
    const base: MatchAttempt = {
      algorithm: this.o.algorithm,
      encoding: this.o.encoding,
      keyEncoding: this.o.keyEncoding,
      secrets: indexSecrets(input.secrets),
      bodies: this.bodies(req.body),
      urls: this.urlBound ? input.urls : [null],
      ts: read.timestamp?.raw,
    };
    // Diagnosis re-runs attempts that differ in one knob: content and HMAC digests are
    // computed once per (content, key) and reused, so the hashing per request is bounded by
    // the secrets and variants tried, never by the number of signatures in the header.
    const contents = new Map<string, Buffer>();
    const contentOf = (url: string | null, body: BodyVariant, ts: string | undefined): Buffer => {
      const k = `${body.form}\0${ts ?? ''}\0${url ?? ''}`;
      let content = contents.get(k);
      if (!content) {
        content = renderTemplate(this.parts, { body: body.bytes, ts, id: read.id, method: req.method, url, headers: req.headers });
        contents.set(k, content);
      }
      return content;
    };
    const digests = new Map<string, Buffer>();
    const find = (a: MatchAttempt): MatchHit | null => {
      const signatures = read.signatures.map((s) => decode(s, a.encoding)).filter((b): b is Buffer => b !== null);
      if (signatures.length === 0) return null;
      const spec = ALGORITHMS[a.algorithm];
      for (const secret of a.secrets) {
        const key = spec.prepare(secret.secret, a.keyEncoding);
        if (!key) continue;
        for (const url of a.urls) {
          for (const body of a.bodies) {
            const content = contentOf(url, body, a.ts);
            if (spec.kind !== 'hmac' || !key.sign) {
              if (key.verifyAny(content, signatures)) return { secret, url, body: body.form };
              continue;
            }
            const dk = `${a.algorithm}\0${a.keyEncoding}\0${secret.secret}\0${body.form}\0${a.ts ?? ''}\0${url ?? ''}`;
            let digest = digests.get(dk);
            if (!digest) {
              digest = key.sign(content);
              digests.set(dk, digest);
            }
            if (matchesAny(digest, signatures)) return { secret, url, body: body.form };
          }
        }
      }
      return null;
    };
    return {
      base,
      find,
      timestamp: read.timestamp,
      signatureCount: read.offered,
      signaturesChecked: read.signatures.length,
      covers: {
        body: usesPlaceholder(this.parts, 'body'),
        url: this.urlBound,
        timestamp: usesPlaceholder(this.parts, 'ts'),
        hmac: ALGORITHMS[this.o.algorithm].kind === 'hmac',
      },
    };
  }

  verify(input: VerifyInput, defaultToleranceSec: number | null): Verification {
    const r = this.read(input.req);
    if (!r.ok) return r.verdict;
    if (this.urlBound && input.urls.length === 0) {
      return unusable(
        this.scheme,
        'This scheme signs the URL the provider called, but the endpoint has no public URL — open the tunnel or set the public URL.',
      );
    }
    const usable = input.secrets.some((s) => ALGORITHMS[this.o.algorithm].prepare(s, this.o.keyEncoding) !== null);
    if (!usable) {
      return unusable(
        this.scheme,
        `No configured secret is a usable ${this.o.algorithm} key (keys are read as ${keyWords(this.o)}) — ` +
          'paste the key exactly as the provider shows it.',
      );
    }
    return conclude(this.scheme, this.matcher(input, r.read), input, defaultToleranceSec, { header: r.read.header });
  }

  sign(input: SignInput): SignedParts {
    const o = this.o;
    const t = o.timestamp;
    // A body timestamp (Linear) cannot be refreshed without rewriting the body: sign what is there.
    const ts = !t ? undefined : t.from === 'body' ? bodyField(input.req.body, t.name) : formatTimestamp(input.now, t.unit === 'auto' ? 's' : t.unit);
    // Keep the request's message id: re-signing a replay must not defeat idempotency checks.
    const freshId = () => `msg_${crypto.randomBytes(12).toString('hex')}`;
    const id = o.idHeader ? (headerValue(input.req.headers, o.idHeader) ?? freshId()) : undefined;
    const { req } = input;
    const content = renderTemplate(this.parts, { body: req.body, ts, id, method: req.method, url: input.url, headers: req.headers });
    const secret = typeof input.options.privateKey === 'string' ? input.options.privateKey : input.secret;
    const sig = signWith(o.algorithm, secret, o.keyEncoding, content).toString(o.encoding);
    const headers: HeaderPairs = [];
    if (o.format === 'composite') {
      const tsPair = o.timestamp?.from === 'composite' ? `${o.timestamp.name}=${ts}${o.separator}` : '';
      headers.push([o.signatureHeader, `${tsPair}${o.signatureKey}=${sig}`]);
    } else {
      headers.push([o.signatureHeader, `${o.prefix}${sig}`]);
    }
    if (o.timestamp?.from === 'header') headers.push([o.timestamp.name, ts!]);
    if (o.idHeader) headers.push([o.idHeader, id!]);
    return { headers };
  }
}

function keyWords(o: CustomSchemeOptions): string {
  return ALGORITHMS[o.algorithm].kind === 'hmac' ? o.keyEncoding : 'PEM, hex, base64 or whpk_/whsk_';
}
