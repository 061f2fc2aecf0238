// electron-builder `beforePack` hook: make sure the Electron-ABI better-sqlite3 for the
// target being packed exists before `extraResources` copies it (see electron-builder.yml).
const path = require('node:path');
const { spawnSync } = require('node:child_process');

// builder-util's Arch enum: ia32 = 0, x64 = 1, armv7l = 2, arm64 = 3, universal = 4.
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

module.exports = async function beforePack(context) {
  const arch = ARCH_NAMES[context.arch];
  if (!arch || arch === 'universal') throw new Error(`Hookbay: packaging for arch ${arch ?? context.arch} is not supported`);
  const r = spawnSync(
    process.execPath,
    [path.join(__dirname, 'build-electron-native.cjs'), '--force', '--platform', context.electronPlatformName, '--arch', arch],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error(`Hookbay: no Electron-ABI better-sqlite3 for ${context.electronPlatformName}-${arch}`);
};
