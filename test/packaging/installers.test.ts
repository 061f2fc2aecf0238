import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import type { Configuration } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/serve-process';
import { tempDir } from '../support/temp';

/**
 * What can be checked about the installers without building them: building AppImage, deb,
 * rpm, dmg and NSIS needs Electron's binaries and packaging tools downloaded from GitHub,
 * which this machine cannot reach. So: electron-builder's own schema and metadata checks, what
 * its deb/rpm targets require, and a real `electron-builder --linux dir` run over a stand-in
 * Electron binary (a file carrying Electron's fuse wire) to see what the app would contain and
 * which fuses it would ship with.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: Configuration | null): Promise<Configuration>;
  validateConfiguration(config: Configuration, debug: { isEnabled: boolean; add(): void }): Promise<void>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { checkMetadata } = require('app-builder-lib/out/util/packageMetadata') as {
  checkMetadata(metadata: object, devMetadata: object, appPackageFile: string, devAppPackageFile: string): void;
};

const root = path.join(__dirname, '../..');
const pkgFile = path.join(root, 'package.json');
const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as {
  homepage: string;
  author: { name: string; email: string };
  dependencies: Record<string, string>;
  desktopName: string;
};
const noDebug = { isEnabled: false, add: () => {} };
let config: Configuration;

beforeAll(async () => {
  config = await getConfig(root, null, null);
});

describe('electron-builder configuration', () => {
  it("passes electron-builder's own JSON schema, which catches a misspelt option", async () => {
    await expect(validateConfiguration(config, noDebug)).resolves.toBeUndefined();
    const misspelt = { ...config, linux: { ...config.linux, synopsys: 'typo' } } as Configuration;
    await expect(validateConfiguration(misspelt, noDebug)).rejects.toThrow(/does not match the API schema/);
  });

  it("passes electron-builder's package.json checks (Electron stays a devDependency)", () => {
    expect(() => checkMetadata(pkg, pkg, pkgFile, pkgFile)).not.toThrow();
    expect(() => checkMetadata({ ...pkg, dependencies: { ...pkg.dependencies, electron: '^45' } }, pkg, pkgFile, pkgFile)).toThrow(/only allowed in "devDependencies"/);
  });

  it('has what deb and rpm refuse to build without, and a complete desktop entry', () => {
    // FpmTarget: a project URL and a maintainer with an email (from package.json's author).
    expect(new URL(pkg.homepage).protocol).toBe('https:');
    expect(config.linux?.maintainer ?? `${pkg.author.name} <${pkg.author.email}>`).toMatch(/^[^<>]+ <[^@\s]+@[^@\s]+\.[a-z]+>$/);
    expect(config.linux).toMatchObject({ category: 'Development', synopsis: expect.any(String), executableName: 'hookbay', syncDesktopName: true });
    expect(config.linux?.description).toMatch(/hookbay serve/);
    expect(pkg.desktopName).toBe('hookbay.desktop');
    expect(config.linux?.desktop?.entry).toMatchObject({ GenericName: expect.any(String), Keywords: expect.stringMatching(/;$/) });
    expect(config.deb).toMatchObject({ packageCategory: 'devel' });
    expect(config.rpm).toMatchObject({ packageCategory: 'Development/Tools' });
  });

  it('targets AppImage, deb and rpm, a dmg for both Mac architectures, and NSIS', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb', 'rpm']);
    expect(config.mac?.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
  });

  it('sets every fuse electron-builder knows, RunAsNode and the Node switches off', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    const known = Object.keys(schema.definitions.FuseOptionsV1.properties).filter((k) => k !== 'resetAdHocDarwinSignature');
    expect(Object.keys(config.electronFuses ?? {}).sort()).toEqual(known.sort());
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });
});

describe('the CLI in the installed app', () => {
  const tmp = tempDir('hookbay-shim-');
  afterAll(() => tmp.remove());

  it('the macOS shim, linked from PATH, runs the app binary with the arguments', () => {
    const shim = path.join(root, 'build/cli/hookbay');
    expect(fs.statSync(shim).mode & 0o111).not.toBe(0);
    // Hookbay.app/Contents/{MacOS/Hookbay, Resources/bin/hookbay}, the binary echoing its argv.
    const contents = path.join(tmp.dir, 'Hookbay.app', 'Contents');
    fs.mkdirSync(path.join(contents, 'MacOS'), { recursive: true });
    fs.mkdirSync(path.join(contents, 'Resources', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(contents, 'MacOS', config.productName!), '#!/bin/sh\nprintf "%s|" "$0" "$@"\n', { mode: 0o755 });
    fs.copyFileSync(shim, path.join(contents, 'Resources', 'bin', 'hookbay'));
    fs.chmodSync(path.join(contents, 'Resources', 'bin', 'hookbay'), 0o755);
    fs.mkdirSync(path.join(tmp.dir, 'usr-local-bin'));
    const onPath = path.join(tmp.dir, 'usr-local-bin', 'hookbay');
    fs.symlinkSync(path.join(contents, 'Resources', 'bin', 'hookbay'), onPath);
    const out = execFileSync(onPath, ['serve', '--port', '0', 'two words'], { encoding: 'utf8' });
    expect(out.split('|')).toEqual([path.join(fs.realpathSync(contents), 'MacOS', 'Hookbay'), 'serve', '--port', '0', 'two words', '']);
  });

  it('the Windows shim runs the installed executable with the arguments', () => {
    const cmd = fs.readFileSync(path.join(root, 'build/cli/hookbay.cmd'), 'utf8');
    expect(cmd.split('\r\n').at(-2)).toBe(`"%~dp0..\\..\\${config.productName}.exe" %*`);
    expect(config.win?.extraResources).toEqual([{ from: 'build/cli/hookbay.cmd', to: 'bin/hookbay.cmd' }]);
    expect(config.mac?.extraResources).toEqual([{ from: 'build/cli/hookbay', to: 'bin/hookbay' }]);
  });
});

describe('electron-builder --linux dir over a stand-in Electron', () => {
  const tmp = tempDir('hookbay-dir-');
  let appDir: string;
  afterAll(() => tmp.remove());

  beforeAll(async () => {
    ensureBuilt();
    // The fuse wire as Electron 45 ships it: sentinel, version 1, 8 fuses at Electron's defaults.
    const dist = path.join(tmp.dir, 'electron-dist');
    fs.mkdirSync(path.join(dist, 'resources'), { recursive: true });
    const wire = Buffer.concat([Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 8]), Buffer.from('10110001')]);
    fs.writeFileSync(path.join(dist, 'electron'), Buffer.concat([Buffer.from('stand-in for the Electron binary\n'), wire]), { mode: 0o755 });
    fs.writeFileSync(path.join(dist, 'LICENSE'), 'stand-in');
    fs.writeFileSync(path.join(dist, 'version'), '45.5.0');
    const { build, Platform, Arch } = await import('electron-builder');
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      publish: 'never',
      // The beforePack hook would download the Electron-ABI SQLite binary (GitHub): skipped here.
      config: { electronDist: dist, directories: { output: path.join(tmp.dir, 'out') }, beforePack: null },
    });
    appDir = path.join(tmp.dir, 'out', 'linux-unpacked');
  }, 180_000);

  it('ships the binary as `hookbay` with RunAsNode, NODE_OPTIONS and --inspect fused off', async () => {
    const wire = (await getCurrentFuseWire(path.join(appDir, 'hookbay'))) as unknown as Record<number, number>;
    const on = (fuse: FuseV1Options) => String.fromCharCode(wire[fuse]!) === '1';
    expect(on(FuseV1Options.RunAsNode)).toBe(false);
    expect(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(false);
    expect(on(FuseV1Options.EnableNodeCliInspectArguments)).toBe(false);
    expect(on(FuseV1Options.OnlyLoadAppFromAsar)).toBe(true);
    expect(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(true);
    expect(on(FuseV1Options.EnableCookieEncryption)).toBe(true);
    expect(fs.existsSync(path.join(appDir, 'resources', 'app-update.yml'))).toBe(false);
  });

  it('packs the built app and production dependencies only', () => {
    const files = listPackage(path.join(appDir, 'resources', 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    const own = files.filter((f) => !f.startsWith('/node_modules'));
    for (const needed of ['/package.json', '/out/main/index.js', '/out/main/cli.js', '/out/preload/index.cjs', '/out/renderer/index.html']) {
      expect(own).toContain(needed);
    }
    expect(own.filter((f) => !/^\/(package\.json|out(\/(main|preload|renderer)(\/.*)?)?)$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map') || f.endsWith('.ts'))).toEqual([]);
    const modules = new Set(files.filter((f) => /^\/node_modules\/[^/]+$/.test(f) || /^\/node_modules\/@[^/]+\/[^/]+$/.test(f)).map((f) => f.slice('/node_modules/'.length)));
    for (const dep of Object.keys(pkg.dependencies)) expect(modules).toContain(dep);
    for (const dev of ['electron', 'react', 'react-dom', 'zustand', 'vitest', 'electron-builder', 'typescript']) expect(modules).not.toContain(dev);
    // The Node-ABI build of SQLite stays out; the Electron one ships in resources/native.
    expect(files.filter((f) => /^\/node_modules\/better-sqlite3\/(build|deps|src)/.test(f))).toEqual([]);
  });
});
