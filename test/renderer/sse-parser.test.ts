import { describe, expect, it } from 'vitest';
import { reconnectDelayMs, SseParser } from '../../src-renderer/src/bridge/sse-parser';

describe('SseParser', () => {
  it('parses messages split anywhere across chunks', () => {
    const text = 'retry: 2000\n\nevent: ready\ndata: {}\n\n: keep-alive\n\ndata: {"a":1}\n\ndata: line1\ndata: line2\r\n\r\n';
    for (let cut = 0; cut < text.length; cut++) {
      const p = new SseParser();
      const out = [...p.feed(text.slice(0, cut)), ...p.feed(text.slice(cut))];
      expect(out).toEqual([
        { event: 'ready', data: '{}' },
        { event: 'message', data: '{"a":1}' },
        { event: 'message', data: 'line1\nline2' },
      ]);
    }
  });

  it('handles a CR line ending split from its LF', () => {
    const p = new SseParser();
    expect(p.feed('data: x\r')).toEqual([]);
    expect(p.feed('\n\r\n')).toEqual([{ event: 'message', data: 'x' }]);
  });
});

describe('reconnectDelayMs', () => {
  it('backs off from 0.5 s to at most 10 s', () => {
    const mid = () => 0.5;
    expect(reconnectDelayMs(0, mid)).toBe(500);
    expect(reconnectDelayMs(1, mid)).toBe(1000);
    expect(reconnectDelayMs(10, mid)).toBe(10_000);
    expect(reconnectDelayMs(3, () => 0)).toBe(3200);
  });
});
