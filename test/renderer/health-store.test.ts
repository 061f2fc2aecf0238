import { describe, expect, it } from 'vitest';
import type { Health, Problem } from '@contract';
import { reduceEvents } from '../../src-renderer/src/live/event-batch';
import { createHealthStore } from '../../src-renderer/src/stores/health-store';
import { fakeBridge } from './fake-bridge';

const health = (over: Partial<Health> = {}): Health => ({ ok: true, version: '1', status: 'ok', problems: [], relay: 'running', ...over });
const storage: Problem = { kind: 'storage', message: 'Storage is failing (SQLITE_FULL: database or disk is full).', at: 1 };
const background = (at: number): Problem => ({ kind: 'background', message: `indexing failed ${at}`, at });

describe('health store (the banner)', () => {
  it('loads health, and resumes the relay through the bridge', async () => {
    const fake = fakeBridge({ health: () => health({ relay: 'paused' }), resumeRelay: () => health() });
    const store = createHealthStore(fake.bridge);
    await store.load();
    expect(store.getState().health?.relay).toBe('paused');
    await store.resumeRelay();
    expect(store.getState().health?.relay).toBe('running');
    expect(fake.calls).toEqual(['health', 'resumeRelay']);
  });

  it('keeps storage problems in health only, lists the last three background ones until dismissed', () => {
    const store = createHealthStore(fakeBridge({}).bridge);
    store.addProblems([storage, background(1), background(2), background(3), background(4)]);
    expect(store.getState().recent.map((p) => p.at)).toEqual([2, 3, 4]);
    store.dismiss(store.getState().recent[0]!);
    expect(store.getState().recent.map((p) => p.at)).toEqual([3, 4]);
  });

  it('an answer that arrives after a pushed health does not overwrite it', async () => {
    let answer: (h: Health) => void = () => {};
    const store = createHealthStore(fakeBridge({ health: () => new Promise<Health>((r) => (answer = r)) }).bridge);
    const call = store.load();
    store.apply(health({ status: 'degraded', problems: [storage] }));
    answer(health());
    await call;
    expect(store.getState().health?.status).toBe('degraded');
  });

  it('a frame of events keeps the latest health and every problem', () => {
    const batch = reduceEvents([
      { type: 'problem', problem: storage },
      { type: 'health.changed', health: health({ status: 'degraded', problems: [storage] }) },
      { type: 'problem', problem: background(5) },
      { type: 'health.changed', health: health() },
    ]);
    expect(batch.health?.status).toBe('ok');
    expect(batch.problems).toEqual([storage, background(5)]);
  });
});
