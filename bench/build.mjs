// Bundles the bench (never part of the shipped app) into out/bench/. Dependencies stay
// external: better-sqlite3 is native and mockttp/express are dev-only.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const servers = readdirSync(path.join(here, 'servers'))
  .filter((f) => f.endsWith('.ts') && f !== 'protocol.ts')
  .map((f) => path.join(here, 'servers', f));

await build({
  entryPoints: [path.join(here, 'run.ts'), path.join(here, 'store-child.ts'), path.join(here, 'floor-child.ts'), path.join(here, 'wal/commit-block.ts'), ...servers],
  outbase: here,
  outdir: path.join(here, '../out/bench'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: 'linked',
  define: { __HOOKBAY_VERSION__: JSON.stringify('bench') },
  logLevel: 'warning',
});
