/**
 * Where the Electron binary is, without ever downloading it.
 *
 * Since Electron 45 the `electron` package has no install script: `require('electron')` fetches
 * the binary from GitHub the first time it is called, and prints a stack trace when that fails.
 * The launcher (bin/hookbay.cjs), the native build script and the Electron end-to-end test must
 * not start a 100 MB download as a side effect of asking, so they read the same files
 * `node_modules/electron/index.js` reads (`path.txt`, `dist/`) instead.
 */
const fs = require('node:fs');
const path = require('node:path');

/**
 * @param {string} root the directory whose node_modules holds `electron`
 * @returns {{ path: string } | { missing: 'package' | 'binary', detail: string }}
 */
function installedElectron(root) {
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json', { paths: [root] }));
  } catch {
    return { missing: 'package', detail: 'the electron package is not installed' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkgDir, 'dist');
  if (!fs.existsSync(pathFile)) {
    return { missing: 'binary', detail: `Electron's binary has not been downloaded (${path.relative(process.cwd(), pathFile) || pathFile} is missing)` };
  }
  const binary = path.join(dist, fs.readFileSync(pathFile, 'utf8').trim());
  if (!fs.existsSync(binary)) return { missing: 'binary', detail: `Electron's binary is not at ${binary}` };
  return { path: binary };
}

/** The installed Electron's version (from its package.json), or null. */
function installedElectronVersion(root) {
  try {
    return JSON.parse(fs.readFileSync(require.resolve('electron/package.json', { paths: [root] }), 'utf8')).version;
  } catch {
    return null;
  }
}

module.exports = { installedElectron, installedElectronVersion };
