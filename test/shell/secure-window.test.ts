import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SECURITY_FLAGS,
  assertSecurePreferences,
  secureWebPreferences,
  secureWindowOptions,
} from '../../src-main/shell/secure-window';

const root = path.join(__dirname, '../..');

function sources(dir: string): { file: string; text: string }[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|js|cjs|mjs)$/.test(e.name))
    .map((e) => {
      const file = path.relative(root, path.join(e.parentPath, e.name));
      return { file, text: fs.readFileSync(path.join(root, file), 'utf8') };
    });
}

const mainSide = [...sources('src-main'), ...sources('src-preload')];

describe('secure window builder', () => {
  it('always sets the security flags', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(secureWindowOptions({ preload: '/p/index.cjs' }).webPreferences).toEqual(secureWebPreferences('/p/index.cjs'));
  });

  it('has no option through which a caller could weaken them', () => {
    const options = secureWindowOptions({
      preload: '/p/index.cjs',
      // Extra keys from an untyped caller are ignored, not merged.
      ...({ webPreferences: { nodeIntegration: true, sandbox: false } } as object),
    });
    expect(options.webPreferences).toMatchObject(SECURITY_FLAGS);
  });

  it('accepts only the single CommonJS preload bundle', () => {
    expect(() => secureWebPreferences('/p/index.mjs')).toThrow(/single CommonJS bundle/);
    expect(() => secureWebPreferences('/p/index.js')).toThrow(/single CommonJS bundle/);
  });

  it.each([
    ['contextIsolation', false],
    ['sandbox', false],
    ['nodeIntegration', true],
    ['webSecurity', false],
    ['allowRunningInsecureContent', true],
    ['webviewTag', true],
    ['nodeIntegrationInSubFrames', true],
  ])('refuses preferences with %s=%s', (key, value) => {
    expect(() => assertSecurePreferences({ ...secureWebPreferences('/p/index.cjs'), [key]: value })).toThrow(/insecure window/);
  });

  it('refuses preferences that leave the core flags to defaults', () => {
    expect(() => assertSecurePreferences({ preload: '/p/index.cjs' })).toThrow(/contextIsolation=undefined.*sandbox=undefined.*nodeIntegration=undefined/);
    expect(() => assertSecurePreferences(undefined)).toThrow();
  });
});

describe('static check: no BrowserWindow without the secure builder', () => {
  it('creates BrowserWindows in exactly one module, which uses the builder and the check', () => {
    const creators = mainSide.filter((s) => /new\s+BrowserWindow\s*\(/.test(s.text));
    expect(creators.map((c) => c.file)).toEqual([path.join('src-main', 'shell', 'main-window.ts')]);
    const text = creators[0]!.text;
    expect(text).toMatch(/=\s*secureWindowOptions\(/);
    expect(text).toMatch(/assertSecurePreferences\(options\.webPreferences\)/);
    // The window is created from the builder's output; values restated at the call site (for
    // electronegativity, which reads literals only) must be exactly the builder's.
    const call = /new\s+BrowserWindow\(\{\s*\.\.\.options,\s*webPreferences:\s*\{\s*\.\.\.options\.webPreferences,([^}]*)\}/.exec(text);
    expect(call, 'new BrowserWindow({ ...options, webPreferences: { ...options.webPreferences, … } })').not.toBeNull();
    const restated = [...call![1]!.matchAll(/(\w+):\s*('[^']*'|true|false)/g)].map((m) => [m[1]!, m[2]!.replace(/'/g, '')] as const);
    expect(restated.length).toBeGreaterThanOrEqual(3);
    for (const [key, value] of restated) {
      expect(String(SECURITY_FLAGS[key as keyof typeof SECURITY_FLAGS]), key).toBe(value);
    }
  });

  it('writes webPreferences nowhere but the builder, and never a weakening flag', () => {
    const weakening =
      /(nodeIntegration\w*|webviewTag|allowRunningInsecureContent|experimentalFeatures)\s*:\s*true|(contextIsolation|sandbox|webSecurity)\s*:\s*false|enableBlinkFeatures/;
    for (const { file, text } of mainSide) {
      expect(weakening.test(text), `${file} weakens a security flag`).toBe(false);
      if (file !== path.join('src-main', 'shell', 'secure-window.ts') && file !== path.join('src-main', 'shell', 'main-window.ts')) {
        expect(/webPreferences\s*:/.test(text), `${file} builds webPreferences itself`).toBe(false);
      }
    }
  });

  it('uses no other way to show web content (BrowserView, WebContentsView, webview)', () => {
    for (const { file, text } of mainSide) {
      expect(/\b(BrowserView|WebContentsView)\b|<webview/.test(text), file).toBe(false);
    }
  });

  it('keeps the sandbox forced on for every renderer and hardens every WebContents', () => {
    const index = fs.readFileSync(path.join(root, 'src-main/shell/index.ts'), 'utf8');
    expect(index).toMatch(/app\.enableSandbox\(\)/);
    expect(index).toMatch(/'web-contents-created'[^\n]*hardenWebContents/);
  });

  it('exposes exactly one object from the preload, built by createBridge', () => {
    const preload = sources('src-preload');
    const exposures = preload.flatMap((s) => [...s.text.matchAll(/exposeInMainWorld\(\s*'([^']+)'/g)].map((m) => m[1]));
    expect(exposures).toEqual(['hookbay']);
    expect(preload.some((s) => /exposeInMainWorld\('hookbay', createBridge\(ipcRenderer\)\)/.test(s.text))).toBe(true);
  });

  it('ships the renderer with a strict Content-Security-Policy', () => {
    const html = fs.readFileSync(path.join(root, 'src-renderer/index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline/);
  });
});
