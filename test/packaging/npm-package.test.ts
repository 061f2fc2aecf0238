import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, startServe } from '../support/serve-process';
import { tempDir } from '../support/temp';

/**
 * The package as npm users get it: `npm pack`, then `npm install -g --prefix <empty dir>` of the
 * tarball, then the installed `hookbay`. Needs the npm registry for the dependencies (reachable
 * in CI) and compiles better-sqlite3 where it has no prebuilt binary (GitHub is unreachable
 * here): one to two minutes of the test's time.
 */
const run = promisify(execFile);
const root = path.join(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string> };
const tmp = tempDir('hookbay-pack-');
afterAll(() => tmp.remove());

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}
let packed: Packed;

beforeAll(async () => {
  ensureBuilt();
  // --ignore-scripts: npm test has just built; prepack would build again.
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp.dir], { cwd: root, maxBuffer: 16 << 20 });
  packed = (JSON.parse(stdout) as Packed[])[0]!;
  console.log(`npm pack: ${packed.filename} ${(packed.size / 1024).toFixed(0)} KiB (unpacked ${(packed.unpackedSize / 1024).toFixed(0)} KiB, ${packed.files.length} files)`);
}, 120_000);

describe('npm package', () => {
  it('holds the built CLI and inspector and nothing else: no sources, tests or maps', () => {
    const files = packed.files.map((f) => f.path).sort();
    for (const needed of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'bin/hookbay.cjs', 'out/main/cli.js', 'out/renderer/index.html']) {
      expect(files).toContain(needed);
    }
    // npm always packs `main` (out/main/index.js, the Electron entry; it only runs under Electron).
    const allowed = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|bin\/(hookbay|electron-binary)\.cjs|out\/main\/(cli|index)\.js|out\/main\/chunks\/[\w.-]+\.js|out\/renderer\/.+)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map') || f.endsWith('.ts'))).toEqual([]);
    // The whole thing is the bundled app: a few hundred KiB compressed.
    expect(packed.size).toBeLessThan(1024 * 1024);
  });

  it('installs into an empty prefix and gives a working `hookbay`: --version, the desktop hint, serve capturing a webhook', async () => {
    const prefix = path.join(tmp.dir, 'prefix');
    fs.mkdirSync(prefix);
    const install = spawnSync('npm', ['install', '-g', '--prefix', prefix, path.join(tmp.dir, packed.filename), '--no-audit', '--no-fund'], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      timeout: 10 * 60_000,
    });
    expect(install.status, install.stderr).toBe(0);

    const installed = path.join(prefix, 'lib', 'node_modules', pkg.name);
    const modules = fs.readdirSync(path.join(installed, 'node_modules'));
    for (const dep of Object.keys(pkg.dependencies)) expect(modules).toContain(dep.split('/')[0]);
    // No Electron, no UI libraries (bundled into out/renderer), no dev tools.
    for (const absent of ['electron', 'react', 'zustand', 'vitest', 'typescript', 'electron-builder']) expect(modules).not.toContain(absent);
    expect(fs.existsSync(path.join(installed, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);

    const bin = path.join(prefix, 'bin', 'hookbay');
    expect((await run(bin, ['--version'])).stdout.trim()).toBe(pkg.version);

    const desktop = spawnSync(bin, [], { encoding: 'utf8', timeout: 30_000 });
    expect(desktop.status).toBe(1);
    expect(desktop.stderr).toContain('the npm package is the command line and the headless server, without Electron');
    expect(desktop.stderr).toContain('hookbay serve');
    expect(desktop.stderr).not.toMatch(/^\s+at /m); // no stack trace

    const data = path.join(tmp.dir, 'data');
    const serve = await startServe(data, [], 30_000, [bin]);
    try {
      expect(serve.output()).toMatch(/Inspector\s+http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      const sent = await fetch(`${serve.receiverUrl}/default/installed`, { method: 'POST', body: '{"ok":true}', headers: { 'content-type': 'application/json' } });
      expect(sent.status).toBe(200);
      const auth = { authorization: `Bearer ${serve.token}` };
      const list = (await (await fetch(`${serve.apiUrl}/api/requests`, { headers: auth })).json()) as { items: { path: string }[] };
      expect(list.items.map((r) => r.path)).toEqual(['/default/installed']);
      const ui = await fetch(`${serve.apiUrl}/`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('<div id="root">');
      expect((await fetch(`${serve.apiUrl}/api/openapi.json`)).status).toBe(200);
    } finally {
      serve.child.kill('SIGTERM');
      expect(await serve.exited).toBe(0);
    }
    expect(fs.statSync(path.join(data, 'logs', 'headless.log')).mode & 0o777).toBe(0o600);
  }, 12 * 60_000);
});
