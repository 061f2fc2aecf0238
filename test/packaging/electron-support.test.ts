import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(__dirname, '../..');
const script = path.join(root, 'scripts/check-electron-support.cjs');
const check = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
const configuredMajor = Number(
  (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.electron!.replace(
    /^\D*/,
    '',
  ).split('.')[0],
);

/**
 * `npm run check:electron` keeps the desktop app on an Electron that still gets security fixes.
 * These runs pin the newest major (`--latest`) or the date (`--now`, offline estimate), so they
 * show the check failing without waiting for Electron to ship.
 */
describe('check:electron', () => {
  it('passes while the configured major is one of the three newest', () => {
    for (const latest of [configuredMajor, configuredMajor + 1, configuredMajor + 2]) {
      const r = check('--latest', String(latest));
      expect([latest, r.status, r.stderr]).toEqual([latest, 0, '']);
      expect(r.stdout).toMatch(new RegExp(`supported \\(${latest - 2}–${latest}`));
    }
  });

  it('fails, saying what to do, once three newer majors are out', () => {
    const r = check('--latest', String(configuredMajor + 3));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Electron ${configuredMajor} is out of support`);
    expect(r.stderr).toContain(`Move package.json's electron to ^${configuredMajor + 3}`);
  });

  it('works offline from the 8-week cadence, and fails when the estimate moves past the window', () => {
    // Dates follow ANCHOR in the script (Electron 45, 2026-10-21): move them together. 46, 47 and
    // 48 are due 8, 16 and 24 weeks after it, counted two weeks later offline.
    expect(check('--offline', '--now', '2026-12-02').status).toBe(0);
    expect(check('--offline', '--now', '2027-04-20').status).toBe(0); // 47 out, 48 not yet counted
    const late = check('--offline', '--now', '2027-05-20');
    expect(late.status).toBe(1);
    expect(late.stderr).toMatch(/out of support.*offline estimate/);
  });

  it('rejects a malformed date rather than guessing', () => {
    const r = check('--now', 'next tuesday');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--now: expected YYYY-MM-DD');
  });
});
