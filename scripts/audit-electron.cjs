#!/usr/bin/env node
/**
 * `npm run audit:electron`: Doyensec's electronegativity over what ships in the desktop app
 * (main-process shell, preload, renderer). Prints every finding; exits 1 on any HIGH one.
 * The scan runs on a staged copy so test fakes (which set insecure flags on purpose) and the
 * headless code are not mistaken for app code. The Electron version is the installed one
 * (the tool's own release lookup needs the network and is optional).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const SCANNED = ['src-main/shell', 'src-preload', 'src-renderer', 'src-main/contract/names.ts'];

async function main() {
  const run = require('@doyensec/electronegativity');
  const electronVersion = JSON.parse(fs.readFileSync(require.resolve('electron/package.json', { paths: [root] }), 'utf8')).version;
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbay-eng-'));
  try {
    for (const rel of SCANNED) fs.cpSync(path.join(root, rel), path.join(stage, rel), { recursive: true });
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify({ name: pkg.name, main: pkg.main, devDependencies: { electron: electronVersion } }));

    const silenced = console.log;
    console.log = () => {}; // the library prints banners and its own table
    let result;
    try {
      result = await run({ input: stage, isRelative: true, electronVersion, parserPlugins: ['optionalChaining'] });
    } finally {
      console.log = silenced;
    }
    // `issues` are findings; `errors` are files the tool could not parse (a silent gap otherwise).
    const unparsed = (result.errors ?? []).filter((e) => !e.tolerable);
    for (const e of unparsed) console.log(`PARSE  could not scan ${path.relative(stage, path.resolve(stage, e.file))}: ${e.message}`);
    const findings = result.issues ?? [];
    const rank = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };
    findings.sort((a, b) => rank[b.severity.name] - rank[a.severity.name]);
    for (const f of findings) {
      const where = f.file && f.file !== 'N/A' ? `${path.relative(stage, path.resolve(stage, f.file))}:${f.location?.line ?? 0}` : '(global)';
      console.log(`${f.severity.name.padEnd(6)} ${f.confidence.name.padEnd(9)} ${f.id.padEnd(40)} ${where}  ${f.description}`);
    }
    const high = findings.filter((f) => f.severity.name === 'HIGH');
    console.log(
      `electronegativity ${require('@doyensec/electronegativity/package.json').version} (Electron ${electronVersion}): ` +
        `${result.globalChecks} global + ${result.atomicChecks} atomic checks over ${SCANNED.join(', ')}; ` +
        `${findings.length} finding(s), ${high.length} high${unparsed.length ? `, ${unparsed.length} file(s) not parsed` : ''}.`,
    );
    if (high.length > 0 || unparsed.length > 0) process.exitCode = 1;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error('audit:electron failed to run:', err instanceof Error ? err.message : err);
  process.exitCode = 2;
});
