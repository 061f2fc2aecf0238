#!/usr/bin/env node
/**
 * `npm run fuzz`: the fuzz suites (test/fuzz/) for longer than `npm test` runs them.
 *
 *   npm run fuzz                          10 minutes, the three suites side by side, fresh seeds until then
 *   npm run fuzz -- --minutes 30          longer
 *   npm run fuzz -- --seed 123 [--path 5:1:0] [--known]   replay one printed failure
 *   npm run fuzz -- --runs 2000           cases per seed
 *   npm run fuzz -- test/fuzz/receiver.test.ts           one suite
 *
 * Every failure is printed with its seed, fast-check path and shrunk input; the run fails
 * if there was any. `--known` includes the cases of test/fuzz/known-findings.ts.
 */
const { spawnSync } = require('node:child_process');

const args = process.argv.slice(2);
const env = { ...process.env };
const files = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => {
    const v = args[++i];
    if (v === undefined) throw new Error(`${a} needs a value`);
    return v;
  };
  if (a === '--seed') env.HOOKBAY_FUZZ_SEED = value();
  else if (a === '--path') env.HOOKBAY_FUZZ_PATH = value();
  else if (a === '--minutes') env.HOOKBAY_FUZZ_MINUTES = value();
  else if (a === '--runs') env.HOOKBAY_FUZZ_RUNS = value();
  else if (a === '--known') env.HOOKBAY_FUZZ_KNOWN = '1';
  else files.push(a);
}
env.HOOKBAY_FUZZ_MINUTES ??= env.HOOKBAY_FUZZ_SEED === undefined ? '10' : '0';
console.log(
  `[fuzz] ${env.HOOKBAY_FUZZ_SEED !== undefined ? `replaying seed ${env.HOOKBAY_FUZZ_SEED}` : `${env.HOOKBAY_FUZZ_MINUTES} min per suite`}` +
    `${env.HOOKBAY_FUZZ_KNOWN ? ', known findings included' : ''}`,
);
// The three fuzz suites; test/fuzz/harness.test.ts is the harness's own unit test (it fuzzes
// on purpose-broken properties and would spend the run's minutes reporting them).
const SUITES = ['test/fuzz/api.test.ts', 'test/fuzz/ipc.test.ts', 'test/fuzz/receiver.test.ts'];
const path = require('node:path');
const vitest = path.join(__dirname, '..', 'node_modules', 'vitest', 'vitest.mjs');
const r = spawnSync(process.execPath, [vitest, 'run', ...(files.length ? files : SUITES), '--reporter=verbose', '--maxWorkers=3'], { env, stdio: 'inherit' });
process.exit(r.status ?? 1);
