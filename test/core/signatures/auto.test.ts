import { describe, expect, it } from 'vitest';
import { detectScheme, verifyRequest } from '../../../src-main/core/signatures';
import { expectOneSentence, FIXTURES, JSON_BODY, NOW, request } from './fixtures';

// Svix and Whippy send identical headers; auto can only say "Svix" (and verifies the same way).
const EXPECTED_DETECTION: Record<string, string> = { whippy: 'svix' };

describe('auto', () => {
  it.each(FIXTURES.map((f) => [f.scheme, f] as const))('detects %s from its headers and verifies', (_id, f) => {
    const s = f.sign(f.body ?? JSON_BODY, NOW);
    const expected = EXPECTED_DETECTION[f.scheme] ?? f.scheme;
    expect(detectScheme(request(s))?.id).toBe(expected);
    const v = verifyRequest(request(s), { scheme: 'auto', secrets: [f.secret], toleranceSec: f.tolerance }, { publicUrl: f.publicUrl ?? null, now: NOW });
    expect(v.status, v.reason).toBe('valid');
    expect(v.details.detected).toBe(expected);
    expect(v.reason).toMatch(/^Detected .+: the signature matches/);
    expectOneSentence(v.reason);
  });

  it('tells SendPilot and Standard Webhooks apart on the shared webhook-signature header', () => {
    const sp = FIXTURES.find((f) => f.scheme === 'sendpilot')!.sign(JSON_BODY, NOW);
    const sw = FIXTURES.find((f) => f.scheme === 'standard-webhooks')!.sign(JSON_BODY, NOW);
    expect(detectScheme(request(sp))?.id).toBe('sendpilot');
    expect(detectScheme(request(sw))?.id).toBe('standard-webhooks');
  });

  it('tells Intercom (sha1=) and Bitbucket (sha256=) apart on X-Hub-Signature', () => {
    expect(detectScheme(request({ headers: [['X-Hub-Signature', 'sha1=' + 'a'.repeat(40)]], body: JSON_BODY }))?.id).toBe('intercom');
    expect(detectScheme(request({ headers: [['X-Hub-Signature', 'sha256=' + 'a'.repeat(64)]], body: JSON_BODY }))?.id).toBe('bitbucket');
    expect(detectScheme(request({ headers: [['X-GitHub-Event', 'push'], ['X-Hub-Signature', 'sha1=' + 'a'.repeat(40)]], body: JSON_BODY }))?.id).toBe('github');
  });

  it('says so when nothing is recognisable', () => {
    const v = verifyRequest(request({ headers: [['Content-Type', 'application/json']], body: JSON_BODY }), { scheme: 'auto', secrets: ['x'] }, { publicUrl: null });
    expect(v.status).toBe('missing');
    expect(v.details.detected).toBeNull();
  });
});

describe('docs/signatures.md', () => {
  it('documents every scheme id', async () => {
    const fs = await import('node:fs');
    const { SCHEME_IDS } = await import('../../../src-main/core/signatures');
    const doc = fs.readFileSync(new URL('../../../docs/signatures.md', import.meta.url), 'utf8');
    for (const id of SCHEME_IDS) expect(doc, id).toContain(`| \`${id}\` |`);
  });
});
