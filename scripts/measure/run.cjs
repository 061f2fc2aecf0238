#!/usr/bin/env node
// Bundles scripts/measure/main-loop.ts with esbuild (native deps external) and runs it under Node.
const path = require('node:path');
const os = require('node:os');
const { spawnSync } = require('node:child_process');
const esbuild = require('esbuild');

const out = path.join(os.tmpdir(), 'hookbay-measure-main-loop.cjs');
esbuild.buildSync({
  entryPoints: [path.join(__dirname, 'main-loop.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: out,
  external: ['better-sqlite3', '@security-patched/localtunnel'],
  define: { __HOOKBAY_VERSION__: '"measure"' },
  nodePaths: [path.join(__dirname, '..', '..', 'node_modules')],
});
const r = spawnSync(process.execPath, [out], { stdio: 'inherit', env: { ...process.env, NODE_PATH: path.join(__dirname, '..', '..', 'node_modules') } });
process.exitCode = r.status ?? 1;
