import { describe, expect, it } from 'vitest';
import { TunnelStatus } from '../../../src-main/contract/tunnel';
import { MAX_URL_HISTORY, initialStatus, nextStatus, type TunnelEvent } from '../../../src-main/core/tunnel/status';

const HOST = 'https://localtunnel.me';
const run = (events: TunnelEvent[], from = initialStatus(HOST)) => events.reduce(nextStatus, from);
const started: TunnelEvent = { type: 'started', provider: 'localtunnel', host: HOST, requestedSubdomain: 'my-hooks' };
const granted = (sub: string, at = 1): TunnelEvent => ({ type: 'granted', url: `https://${sub}.loca.lt`, grantedSubdomain: sub, at });
const retrying: TunnelEvent = { type: 'retrying', reason: 'gone', attempt: 1, nextRetryAt: 99 };

describe('tunnel status machine', () => {
  it('starts off and goes connecting → online with the URL, the probe time and a history entry', () => {
    const s = run([started, granted('my-hooks', 5)]);
    expect(s).toMatchObject({ state: 'online', url: 'https://my-hooks.loca.lt', grantedSubdomain: 'my-hooks', lastProbeAt: 5 });
    expect(s.history).toEqual([{ url: 'https://my-hooks.loca.lt', since: 5 }]);
    expect(s.urlChanged).toBe(false);
    expect(s.reason).toBeUndefined();
  });

  it('reconnecting carries attempt, next retry time and reason, and no URL', () => {
    const s = run([started, granted('my-hooks'), retrying]);
    expect(s).toMatchObject({ state: 'reconnecting', attempt: 1, nextRetryAt: 99, reason: 'gone', url: null, grantedSubdomain: null });
  });

  it('getting the same URL back is not a change and adds no history', () => {
    const s = run([started, granted('my-hooks', 1), retrying, granted('my-hooks', 2)]);
    expect(s.state).toBe('online');
    expect(s.urlChanged).toBe(false);
    expect(s.history).toHaveLength(1);
    expect(s.attempt).toBeUndefined();
  });

  it('a different URL after a reconnect is flagged, explained and kept in the history', () => {
    const s = run([{ ...started, requestedSubdomain: null }, granted('first', 1), retrying, granted('second', 2)]);
    expect(s.urlChanged).toBe(true);
    expect(s.reason).toContain('changed from https://first.loca.lt to https://second.loca.lt');
    expect(s.history.map((h) => h.url)).toEqual(['https://first.loca.lt', 'https://second.loca.lt']);
  });

  it('the flag survives a later reconnect to the same new URL, and a deliberate restart clears it', () => {
    const changed = run([started, granted('a'), retrying, granted('b'), retrying, granted('b')]);
    expect(changed.urlChanged).toBe(true);
    expect(run([started], changed).urlChanged).toBe(false);
  });

  it('a requested subdomain that was not granted is said plainly', () => {
    const s = run([started, granted('random-fox-12')]);
    expect(s.reason).toContain('"my-hooks" was not granted');
    expect(s.reason).toContain('"random-fox-12"');
    expect(s.requestedSubdomain).toBe('my-hooks');
  });

  it('a URL different from the last launch is flagged too (history is persisted)', () => {
    const s = run([started, granted('my-hooks')], initialStatus(HOST, [{ url: 'https://old.loca.lt', since: 0 }]));
    expect(s.urlChanged).toBe(true);
  });

  it('error and off drop the URL; error keeps the reason', () => {
    expect(run([started, { type: 'failed', reason: 'taken' }])).toMatchObject({ state: 'error', reason: 'taken', url: null });
    expect(run([started, granted('x'), { type: 'stopped' }])).toMatchObject({ state: 'off', url: null, reason: undefined });
  });

  it('ignores events that do not apply in the current state (stale callbacks)', () => {
    const off = initialStatus(HOST);
    expect(nextStatus(off, granted('x'))).toBe(off);
    expect(nextStatus(off, retrying)).toBe(off);
    const reconnecting = run([started, retrying]);
    expect(nextStatus(reconnecting, { type: 'probed', at: 3 })).toBe(reconnecting);
    const error = run([started, { type: 'failed', reason: 'x' }]);
    expect(nextStatus(error, granted('x'))).toBe(error);
  });

  it('records probes only while online', () => {
    expect(run([started, granted('x', 1), { type: 'probed', at: 7 }]).lastProbeAt).toBe(7);
  });

  it('keeps at most MAX_URL_HISTORY URLs, newest last', () => {
    const events: TunnelEvent[] = [started];
    for (let i = 0; i < MAX_URL_HISTORY + 5; i++) events.push(granted(`sub-${i}`, i), retrying);
    const s = run(events);
    expect(s.history).toHaveLength(MAX_URL_HISTORY);
    expect(s.history.at(-1)!.url).toBe(`https://sub-${MAX_URL_HISTORY + 4}.loca.lt`);
  });

  it('every state it produces satisfies the contract', () => {
    const seen = [
      initialStatus(HOST),
      run([started]),
      run([started, granted('x')]),
      run([started, retrying]),
      run([started, { type: 'failed', reason: 'r' }]),
    ];
    expect(seen.map((s) => s.state).sort()).toEqual(['connecting', 'error', 'off', 'online', 'reconnecting']);
    for (const s of seen) expect(TunnelStatus.safeParse(s).success).toBe(true);
  });
});
