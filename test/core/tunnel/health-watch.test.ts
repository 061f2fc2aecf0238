import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { HealthWatch } from '../../../src-main/core/tunnel/health-watch';
import type { LocaltunnelClient } from '../../../src-main/core/tunnel/localtunnel-client';
import { DEFAULT_TUNNEL_TIMING } from '../../../src-main/core/tunnel/timing';

/** Stands in for the client: the watch only reads `sockets` and listens for `error`/`sockets`. */
class FakeClient extends EventEmitter {
  readonly sockets = new Set<Socket>([{} as Socket]);
  constructor() {
    super();
    this.on('error', () => {}); // as Tunnel does, so errors after the watch stopped are harmless
  }
  setSockets(n: number): void {
    this.sockets.clear();
    for (let i = 0; i < n; i++) this.sockets.add({} as Socket);
    this.emit('sockets', n);
  }
}

const timing = { ...DEFAULT_TUNNEL_TIMING, probeIntervalMs: 1000, wakeCheckIntervalMs: 100, sleepGapMs: 5000, noSocketsGraceMs: 500 };
let client: FakeClient;
let results: (string | null)[];
let network: string;
let downs: string[];
let probed: number[];
let watch: HealthWatch;

beforeEach(() => {
  vi.useFakeTimers();
  client = new FakeClient();
  results = [];
  network = 'en0=192.0.2.1';
  downs = [];
  probed = [];
  watch = new HealthWatch(client as unknown as LocaltunnelClient, timing, {
    probe: async () => results.shift() ?? null,
    onProbed: (at) => probed.push(at),
    onDown: (reason) => downs.push(reason),
    networkFingerprint: () => network,
  });
});
afterEach(() => {
  watch.stop();
  vi.useRealTimers();
});

it('probes periodically and declares the tunnel down after consecutive failures only', async () => {
  results = ['no answer', null, 'no answer', 'still no answer'];
  await vi.advanceTimersByTimeAsync(2000);
  expect(downs).toEqual([]);
  expect(probed).toHaveLength(1);
  await vi.advanceTimersByTimeAsync(2000);
  expect(downs).toEqual(['still no answer']);
});

it('a client error is a drop at once, reported once', async () => {
  client.emit('error', new Error('connection refused: localhost:1234'));
  client.emit('error', new Error('again'));
  expect(downs).toEqual(['The tunnel server dropped this tunnel: connection refused: localhost:1234.']);
});

it('no sockets for the grace period is a drop; sockets coming back in time are not', async () => {
  client.setSockets(0);
  await vi.advanceTimersByTimeAsync(300);
  client.setSockets(3);
  await vi.advanceTimersByTimeAsync(1000);
  expect(downs).toEqual([]);
  client.setSockets(0);
  await vi.advanceTimersByTimeAsync(600);
  expect(downs).toEqual(['Every connection to the tunnel server closed and none came back.']);
});

it('after a sleep, one failed probe is enough', async () => {
  results = ['No answer within 10 s.'];
  vi.setSystemTime(Date.now() + 60 * 60_000); // the laptop lid was closed for an hour
  await vi.advanceTimersByTimeAsync(100);
  expect(downs).toEqual(['No answer within 10 s. (checked after the computer woke up)']);
});

it('a network change probes at once; a passing probe keeps the tunnel', async () => {
  network = 'wlan0=198.51.100.7';
  await vi.advanceTimersByTimeAsync(100);
  expect(probed).toHaveLength(1);
  expect(downs).toEqual([]);
});

it('does nothing once stopped', async () => {
  watch.stop();
  results = ['x', 'x', 'x'];
  client.setSockets(0);
  client.emit('error', new Error('late'));
  await vi.advanceTimersByTimeAsync(5000);
  expect(downs).toEqual([]);
  expect(client.listenerCount('error')).toBe(1); // only the fake's own
});
