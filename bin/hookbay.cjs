#!/usr/bin/env node
/**
 * The `hookbay` command.
 *   hookbay <command> …       listen, serve, trigger, requests, replay, export: out/main/cli.js under this Node (no Electron)
 *   hookbay                   the desktop app, where Electron is installed (a source checkout)
 *   hookbay --help | -v | …   handled by the CLI
 * The npm package ships no Electron (see docs/install.md), so there the desktop start explains
 * where to get the app instead of failing with a stack trace.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { installedElectron } = require('./electron-binary.cjs');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const fail = (message) => {
  console.error(`hookbay: ${message}`);
  process.exit(1);
};
const built = (file) => {
  const full = path.join(root, 'out', 'main', file);
  if (!fs.existsSync(full)) fail(`${path.relative(process.cwd(), full) || full} is not built; run \`npm run build\` first.`);
  return full;
};

function startDesktop() {
  const electron = installedElectron(root);
  if ('missing' in electron) {
    const { homepage } = require('../package.json');
    if (electron.missing === 'package') {
      fail(
        'this installation has no desktop app: the npm package is the command line and the headless server, without Electron.\n' +
          `  Desktop app: download the installer for your OS from ${homepage}/releases\n` +
          '  In a browser: run `hookbay serve` and open the Inspector URL it prints.',
      );
    }
    fail(
      `the desktop app needs Electron, but ${electron.detail}.\n` +
        '  Download it with `npx install-electron --no` (fetches from github.com), then run `hookbay` again;\n' +
        '  or run `hookbay serve` and open the Inspector URL it prints in your browser.',
    );
  }
  built('index.js');
  const env = { ...process.env };
  // Would make Electron a plain Node and ignore the app.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electron.path, [root], { stdio: 'inherit', env, windowsHide: false });
  const forward = (signal) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('error', (err) => fail(`could not start Electron: ${err.message}`));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (args.length > 0) {
  // `require.main` is this file, so the CLI's own entry guard does not run: call it here.
  require(built('cli.js')).runCli(args);
} else {
  startDesktop();
}
