import fs from 'node:fs';
import path from 'node:path';

/**
 * electron-builder's `${os}` names, which the native build script and the packaging config
 * use for the per-target directory of the Electron-ABI better-sqlite3 binary.
 */
export function osKey(platform: NodeJS.Platform): string {
  return platform === 'darwin' ? 'mac' : platform === 'win32' ? 'win' : platform;
}

/**
 * Where the Electron-ABI `better_sqlite3.node` is. The checkout's own
 * `node_modules/better-sqlite3/build` stays built for Node (tests, `hookbay serve`); the app
 * loads a separate build through better-sqlite3's `nativeBinding` option:
 * packaged: `<resources>/native/better_sqlite3.node` (electron-builder extraResources);
 * from a checkout: `node_modules/.hookbay-electron/<os>-<arch>/better_sqlite3.node`
 * (made by `scripts/build-electron-native.cjs`).
 */
export function nativeBindingPath(o: {
  isPackaged: boolean;
  appPath: string;
  resourcesPath: string;
  platform: NodeJS.Platform;
  arch: string;
}): string {
  if (o.isPackaged) return path.join(o.resourcesPath, 'native', 'better_sqlite3.node');
  return path.join(o.appPath, 'node_modules', '.hookbay-electron', `${osKey(o.platform)}-${o.arch}`, 'better_sqlite3.node');
}

/** This app's Electron-ABI binding when it exists (desktop and CLI mode alike), else undefined. */
export function installedNativeBinding(app: { isPackaged: boolean; getAppPath(): string }): string | undefined {
  const file = nativeBindingPath({
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    platform: process.platform,
    arch: process.arch,
  });
  return fs.existsSync(file) ? file : undefined;
}

export const NATIVE_BUILD_HINT =
  'The Electron build of better-sqlite3 is missing. Run `node scripts/build-electron-native.cjs` ' +
  '(it needs network access to fetch a prebuilt binary or Electron headers), then start again.';
