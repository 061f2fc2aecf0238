import { describe, expect, it } from 'vitest';
import { LogRedactor, REDACTED } from '../../../src-main/core/log/redact';

const r = new LogRedactor(() => ['tok-0123456789', 'abc']);

describe('LogRedactor', () => {
  it.each([
    ['Authorization: Bearer eyJhbGciOi.x.y sent', `Authorization: Bearer ${REDACTED} sent`],
    ['basic dXNlcjpwYXNz', `basic ${REDACTED}`],
    ['connect https://user:p4ss@example.test/path failed', `connect https://${REDACTED}@example.test/path failed`],
    ['GET /hook?id=1&token=s3cr3t&x=2', `GET /hook?id=1&token=${REDACTED}&x=2`],
    ['GET /hook?api_key=s3cr3t', `GET /hook?api_key=${REDACTED}`],
    ['secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw is wrong', `secret ${REDACTED} is wrong`],
    ['key sk_live_51Habc123', `key ${REDACTED}`],
    ['the token tok-0123456789 and tok-0123456789 again', `the token ${REDACTED} and ${REDACTED} again`],
  ])('redacts credentials in text: %s', (input, expected) => {
    expect(r.text(input)).toBe(expected);
  });

  it('leaves secrets shorter than 4 characters alone rather than eating the text', () => {
    expect(r.text('abc abc')).toBe('abc abc');
  });

  it('redacts fields named like credentials, whatever their value', () => {
    expect(r.fields({ apiToken: 'x', secrets: ['a', 'b'], Authorization: 'y', password: 1, port: 8787, empty: null })).toEqual({
      apiToken: REDACTED,
      secrets: REDACTED,
      Authorization: REDACTED,
      password: REDACTED,
      port: 8787,
      empty: null,
    });
  });

  it('redacts the value of a credential header pair', () => {
    expect(
      r.fields({
        headers: [
          ['Content-Type', 'application/json'],
          ['X-Api-Key', 'k1'],
          ['Stripe-Signature', 't=1,v1=ab'],
        ],
      }),
    ).toEqual({ headers: [['Content-Type', 'application/json'], ['X-Api-Key', REDACTED], ['Stripe-Signature', REDACTED]] });
  });

  it('never writes bodies, and bounds strings, arrays and depth', () => {
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 20; i++) cursor = cursor.next = {};
    const out = r.fields({ body: Buffer.from('{"card":"4242"}'), long: 'x'.repeat(10_000), list: Array.from({ length: 60 }, (_, i) => i), deep });
    expect(out.body).toBe('[15 bytes]');
    expect((out.long as string).length).toBeLessThan(4100);
    expect(out.long).toMatch(/… \(6000 more characters\)$/);
    expect(out.list).toHaveLength(51);
    expect(JSON.stringify(out.deep)).toContain('[…]');
  });

  it('serializes errors with their code and cause, redacted', () => {
    const err = Object.assign(new Error('bad tok-0123456789', { cause: new Error('inner Bearer zzz') }), { code: 'EFAIL' });
    const out = r.fields({ err }).err as Record<string, unknown>;
    expect(out).toMatchObject({ name: 'Error', message: `bad ${REDACTED}`, code: 'EFAIL' });
    expect(out.cause).toMatchObject({ message: `inner Bearer ${REDACTED}` });
    expect(out.stack).not.toContain('tok-0123456789');
  });
});
