#!/usr/bin/env node
/**
 * The `hookbay` command.
 *   hookbay serve [options]   headless: runs out/main/cli.js under this Node (no Electron)
 *   hookbay                   the desktop app, where Electron is installed
 *   hookbay --help | -v | …   handled by the CLI
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const built = (file) => {
  const full = path.join(root, 'out', 'main', file);
  if (!fs.existsSync(full)) {
    console.error(`hookbay: ${path.relative(process.cwd(), full) || full} is not built; run \`npm run build\` first.`);
    process.exit(1);
  }
  return full;
};

if (args.length > 0) {
  // `require.main` is this file, so the CLI's own entry guard does not run: call it here.
  const { main } = require(built('cli.js'));
  main(args).catch((err) => {
    if (err && err.code === 'EADDRINUSE') {
      console.error(`hookbay: port ${err.port ?? ''} is already in use; pick another with --port / --ui-port.`);
    } else console.error(`hookbay: ${(err && err.message) || String(err)}`);
    process.exit(1);
  });
} else {
  built('index.js');
  let electron;
  try {
    // In Node, the electron package exports the path of its binary (and throws when it is absent).
    electron = require('electron');
  } catch {
    electron = null;
  }
  if (typeof electron !== 'string' || !fs.existsSync(electron)) {
    console.error(
      'hookbay: the desktop app needs Electron, which is not installed here ' +
        '(node_modules/electron has no binary, e.g. installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1).\n' +
        'Run `hookbay serve` for the headless mode (inspector in your browser), or install Electron and try again.',
    );
    process.exit(1);
  }
  const env = { ...process.env };
  // Would make Electron a plain Node and ignore the app.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electron, [root], { stdio: 'inherit', env, windowsHide: false });
  const forward = (signal) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('error', (err) => {
    console.error(`hookbay: could not start Electron: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
