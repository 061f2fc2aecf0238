import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processAlive } from '../../src-main/core/process-alive';

describe('processAlive', () => {
  it('is true for a running process and false once it has exited', () => {
    expect(processAlive(process.pid)).toBe(true);
    const child = spawnSync(process.execPath, ['-e', '0']);
    expect(child.pid).toBeGreaterThan(0);
    expect(processAlive(child.pid!)).toBe(false);
  });

  it('never addresses a process group: 0, negatives and non-integers are not processes', () => {
    // kill(0, 0) and kill(-1, 0) succeed (they address this group / every process), which a
    // lock file holding "pid": 0 would otherwise turn into a live owner.
    for (const pid of [0, -1, -process.pid, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) expect(processAlive(pid), String(pid)).toBe(false);
  });
});
