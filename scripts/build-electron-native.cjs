#!/usr/bin/env node
/**
 * Builds better-sqlite3 for Electron's ABI into a directory of its own, so one checkout
 * serves both runtimes without manual rebuilds:
 *   node_modules/better-sqlite3/build/…            Node ABI (tests, `hookbay serve`) — untouched
 *   node_modules/.hookbay-electron/<os>-<arch>/      Electron ABI, passed by the shell as
 *     better_sqlite3.node                            better-sqlite3's `nativeBinding` option
 * First tries the prebuilt binary better-sqlite3 publishes for this Electron (prebuild-install,
 * from GitHub releases), then compiles a copy of the module against Electron's headers
 * (node-gyp, headers from electronjs.org; host platform only). Nothing is rebuilt in place.
 *
 * Usage: node scripts/build-electron-native.cjs [--platform P] [--arch A] [--force]
 *          [--runtime electron|node] [--target VERSION] [--out DIR] [--nodedir DIR] [--soft]
 * Without --force it does nothing (exit 0, one line saying why) where Electron's binary has not
 * been downloaded (Electron >= 45 fetches it on first run or with `install-electron`, never at
 * `npm install`), so `npm start` and `npm run dev` can call it unconditionally. `--runtime node`
 * exercises the same copy-and-build path against Node's ABI (a check for CI, where Electron is
 * absent).
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { parseArgs } = require('node:util');
const { installedElectron, installedElectronVersion } = require('../bin/electron-binary.cjs');

const root = path.join(__dirname, '..');
const { values: opts } = parseArgs({
  options: {
    platform: { type: 'string', default: process.platform },
    arch: { type: 'string', default: process.arch },
    runtime: { type: 'string', default: 'electron' },
    target: { type: 'string' },
    out: { type: 'string' },
    nodedir: { type: 'string' },
    force: { type: 'boolean', default: false },
    // For `npm run dev`: report a failure but let the dev server start and say how to fix it.
    soft: { type: 'boolean', default: false },
  },
});

/** electron-builder's `${os}` names (see src-main/shell/native-binding.ts). */
const osKey = (platform) => (platform === 'darwin' ? 'mac' : platform === 'win32' ? 'win' : platform);
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const log = (line) => console.log(`[native] ${line}`);

function run(cmd, args, cwd, env = {}) {
  log(`$ ${[path.basename(cmd), ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env }, timeout: 15 * 60_000 });
  return r.status === 0;
}

function main() {
  const electron = opts.runtime === 'electron';
  const binary = installedElectron(root);
  if (electron && !opts.force && 'missing' in binary) {
    log(
      `skipped: ${binary.detail}; the desktop app needs an Electron-ABI better-sqlite3 — ` +
        'run this with --force where GitHub/electronjs.org are reachable.',
    );
    return 0;
  }
  const target = opts.target ?? (electron ? installedElectronVersion(root) : process.versions.node);
  const moduleDir = path.dirname(require.resolve('better-sqlite3/package.json', { paths: [root] }));
  const moduleVersion = readJson(path.join(moduleDir, 'package.json')).version;
  const outDir = path.resolve(opts.out ?? path.join(root, 'node_modules', '.hookbay-electron', `${osKey(opts.platform)}-${opts.arch}`));
  const outFile = path.join(outDir, 'better_sqlite3.node');
  const stampFile = path.join(outDir, 'stamp.json');
  const stamp = { runtime: opts.runtime, target, betterSqlite3: moduleVersion, platform: opts.platform, arch: opts.arch };

  if (fs.existsSync(outFile) && fs.existsSync(stampFile) && JSON.stringify(readJson(stampFile)) === JSON.stringify(stamp)) {
    log(`up to date: ${path.relative(root, outFile)} (${opts.runtime} ${target}, better-sqlite3 ${moduleVersion})`);
    return 0;
  }

  // Work on a copy: prebuild-install and node-gyp write build/ in their cwd.
  const work = `${outDir}.work`;
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  for (const entry of ['package.json', 'binding.gyp', 'src', 'deps', 'lib']) {
    fs.cpSync(path.join(moduleDir, entry), path.join(work, entry), { recursive: true });
  }
  const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
  const prebuildInstall = require.resolve('prebuild-install/bin.js', { paths: [moduleDir, root] });
  const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] });

  let ok = run(process.execPath, [prebuildInstall, '--runtime', opts.runtime, '--target', target, '--platform', opts.platform, '--arch', opts.arch, '--verbose'], work);
  if (!ok || !fs.existsSync(built)) {
    if (opts.platform !== process.platform) {
      log(`no prebuilt binary for ${opts.platform}-${opts.arch}, and native code cannot be cross-compiled here.`);
      return 1;
    }
    log('no prebuilt binary; compiling against the runtime headers');
    const gypArgs = ['rebuild', '--release', `--target=${target}`, `--arch=${opts.arch}`];
    if (electron) gypArgs.push('--dist-url=https://electronjs.org/headers');
    if (opts.nodedir) gypArgs.push(`--nodedir=${path.resolve(opts.nodedir)}`);
    ok = run(process.execPath, [nodeGyp, ...gypArgs], work, electron ? { npm_config_runtime: 'electron' } : {});
  }
  if (!ok || !fs.existsSync(built)) {
    log(`failed: could not get better_sqlite3.node for ${opts.runtime} ${target} (${opts.platform}-${opts.arch}).`);
    return 1;
  }
  fs.mkdirSync(outDir, { recursive: true });
  fs.copyFileSync(built, outFile);
  fs.writeFileSync(stampFile, JSON.stringify(stamp));
  fs.rmSync(work, { recursive: true, force: true });
  log(`built ${path.relative(root, outFile)} for ${opts.runtime} ${target} (${opts.platform}-${opts.arch})`);
  return 0;
}

const status = main();
if (status !== 0 && opts.soft) log('continuing (--soft): the desktop app will say how to fix this when it starts.');
process.exitCode = opts.soft ? 0 : status;
