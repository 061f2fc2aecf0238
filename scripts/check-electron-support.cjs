#!/usr/bin/env node
/**
 * `npm run check:electron` (part of `npm test`): fails when the Electron this app is built on
 * no longer gets security fixes, so the desktop app cannot silently rot onto an unsupported
 * Electron again (it had, on 39).
 *
 * Electron supports its three newest stable majors and ships a new major every 8 weeks
 * (https://www.electronjs.org/docs/latest/tutorial/electron-timelines). The newest major comes
 * from the npm registry's `latest` dist-tag when the registry answers; offline, it is estimated
 * from that cadence and a known release (ANCHOR). Also checks that the native build is in step:
 * prebuild-install's node-abi must know the installed Electron's ABI, or
 * scripts/build-electron-native.cjs would ask for the wrong better-sqlite3 binary.
 *
 * Usage: node scripts/check-electron-support.cjs [--offline] [--now YYYY-MM-DD] [--latest N]
 *   --offline  do not ask the registry (the estimate is used)
 *   --now      pretend today is this date (shows when the offline estimate will fail)
 *   --latest   pretend the newest stable major is N (shows what the registry answer would do)
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { parseArgs } = require('node:util');
const { installedElectronVersion } = require('../bin/electron-binary.cjs');

const root = path.join(__dirname, '..');
/** electron@45.0.0 was published to npm on this day. Move it forward when bumping Electron. */
const ANCHOR = { major: 45, date: '2026-10-21' };
const CADENCE_DAYS = 56;
/** Majors slip by days: offline, a major counts as released two weeks after its expected date. */
const GRACE_DAYS = 14;
const SUPPORTED_MAJORS = 3;
const DAY_MS = 86_400_000;

/** The newest stable major on `now`, from the 8-week cadence (never below the anchor). */
function estimateLatestMajor(now) {
  const days = (now.getTime() - Date.parse(`${ANCHOR.date}T00:00:00Z`)) / DAY_MS;
  return ANCHOR.major + Math.max(0, Math.floor((days - GRACE_DAYS) / CADENCE_DAYS));
}

/** The registry's newest stable major, or null when it cannot be asked (offline, timeout). */
function registryLatestMajor() {
  const r = spawnSync('npm', ['view', 'electron', 'dist-tags.latest', '--json'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 20_000,
    shell: process.platform === 'win32',
  });
  if (r.status !== 0 || !r.stdout) return null;
  try {
    const major = Number(String(JSON.parse(r.stdout)).split('.')[0]);
    return Number.isInteger(major) && major > 0 ? major : null;
  } catch {
    return null;
  }
}

const majorOf = (version) => Number(String(version).replace(/^[^\d]*/, '').split('.')[0]);

/** Problems with how the installed Electron and the native build script fit together. */
function stepProblems(configuredRange, installed) {
  const problems = [];
  if (majorOf(configuredRange) !== majorOf(installed)) {
    problems.push(`package.json asks for electron ${configuredRange} but ${installed} is installed: run npm install.`);
  }
  const electronDir = path.dirname(require.resolve('electron/package.json', { paths: [root] }));
  const abi = fs.readFileSync(path.join(electronDir, 'abi_version'), 'utf8').trim();
  // The node-abi that better-sqlite3's prebuild-install resolves, not whichever is hoisted.
  const prebuildDir = path.dirname(require.resolve('prebuild-install/package.json', { paths: [root] }));
  const nodeAbi = require(require.resolve('node-abi', { paths: [prebuildDir] }));
  let known = null;
  try {
    known = nodeAbi.getAbi(installed, 'electron');
  } catch {
    /* unknown target */
  }
  if (known !== abi) {
    problems.push(
      `prebuild-install's node-abi maps Electron ${installed} to ABI ${known ?? '(unknown)'}, but Electron says ${abi}: ` +
        'update node-abi (npm update node-abi) so scripts/build-electron-native.cjs fetches the right better-sqlite3.',
    );
  }
  return problems;
}

function main() {
  const { values } = parseArgs({
    options: { offline: { type: 'boolean', default: false }, now: { type: 'string' }, latest: { type: 'string' } },
  });
  const now = values.now ? new Date(`${values.now}T00:00:00Z`) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`--now: expected YYYY-MM-DD, got "${values.now}"`);

  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const configuredRange = pkg.devDependencies?.electron ?? pkg.dependencies?.electron;
  const installed = installedElectronVersion(root);
  if (!configuredRange || !installed) throw new Error('electron is not in package.json or not installed');
  const configured = majorOf(configuredRange);

  const estimate = estimateLatestMajor(now);
  let latest;
  let source;
  if (values.latest) {
    latest = Number(values.latest);
    source = '--latest';
  } else if (!values.offline && !values.now && (latest = registryLatestMajor()) !== null) {
    source = 'the npm registry';
    if (Math.abs(latest - estimate) > 1) {
      console.log(`note: the offline estimate says ${estimate}; move ANCHOR in scripts/check-electron-support.cjs to a recent release.`);
    }
  } else {
    latest = estimate;
    source = `the 8-week release cadence from Electron ${ANCHOR.major} (${ANCHOR.date}), offline estimate`;
  }
  const oldest = latest - SUPPORTED_MAJORS + 1;
  const problems = stepProblems(configuredRange, installed);
  if (configured < oldest) {
    problems.unshift(
      `Electron ${configured} is out of support: Electron fixes only its ${SUPPORTED_MAJORS} newest majors, ` +
        `${oldest}–${latest} (newest from ${source}). Move package.json's electron to ^${latest} and see docs/install.md, "Updating Electron".`,
    );
  }
  if (problems.length > 0) {
    for (const p of problems) console.error(`check:electron: ${p}`);
    return 1;
  }
  const newer = latest > configured ? `; Electron ${latest} is out, consider moving up` : '';
  console.log(`check:electron: Electron ${installed} is supported (${oldest}–${latest}, newest from ${source})${newer}.`);
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(`check:electron: ${err.message}`);
  process.exitCode = 1;
}
