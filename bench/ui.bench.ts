/**
 * The UI bench through Playwright's runner, for a quick look without the bench runner:
 *   HOOKBAY_BENCH=1 npx playwright test          (HOOKBAY_BENCH_ROWS=100000 by default;
 *                                                 HOOKBAY_BENCH_DATA=/dir keeps the seeded store)
 * The measuring code is bench/ui.ts, which `npm run bench` can call too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test } from '@playwright/test';
import { formatUiBench, runUiBench, uiBenchSection } from './ui';

test('inspector with a large store', async () => {
  const report = await runUiBench({
    rows: Number(process.env.HOOKBAY_BENCH_ROWS ?? 100_000),
    dataDir: process.env.HOOKBAY_BENCH_DATA,
    cliPath: path.resolve(__dirname, '../out/main/cli.js'),
    log: (line) => console.log(`  ${line}`),
  });
  console.log(formatUiBench(report));
  const out = path.resolve(__dirname, '../test-results/bench-ui');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  fs.writeFileSync(path.join(out, 'section.md'), uiBenchSection(report).markdown + '\n');
});
