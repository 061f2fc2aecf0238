import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * The only webPreferences a Hookbay window may have. Webhook payloads are hostile input,
 * so the renderer gets no Node, an isolated preload world and Chromium's sandbox.
 * `test/shell/secure-window.test.ts` fails if a BrowserWindow is built any other way.
 */
export const SECURITY_FLAGS = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  // Middle-click (auxclick) would open links in new windows; window.open is denied anyway.
  disableBlinkFeatures: 'Auxclick',
} as const satisfies WebPreferences;

/** Options a caller may choose; everything security-relevant is fixed by the builder. */
export interface SecureWindowOptions {
  preload: string;
  bounds?: { x?: number; y?: number; width: number; height: number };
  backgroundColor?: string;
  title?: string;
  show?: boolean;
}

export function secureWebPreferences(preload: string): WebPreferences {
  if (!preload.endsWith('.cjs')) {
    // A sandboxed preload cannot `require` node_modules or ESM: it must be the one CJS bundle.
    throw new Error(`The preload must be the single CommonJS bundle (.cjs), got ${preload}`);
  }
  return { ...SECURITY_FLAGS, preload, spellcheck: false, devTools: true };
}

export function secureWindowOptions(options: SecureWindowOptions): BrowserWindowConstructorOptions {
  return {
    ...(options.bounds ?? { width: 1280, height: 820 }),
    minWidth: 720,
    minHeight: 480,
    show: options.show ?? false,
    title: options.title ?? 'Hookbay',
    ...(options.backgroundColor ? { backgroundColor: options.backgroundColor } : {}),
    webPreferences: secureWebPreferences(options.preload),
  };
}

/**
 * Checks the preferences a created window really has (Electron reports them back), so a
 * default changing under us or a flag dropped on the way fails loudly at start.
 */
export function assertSecurePreferences(actual: WebPreferences | null | undefined): void {
  if (!actual) throw new Error('Window has no webPreferences to check.');
  const wrong = (Object.keys(SECURITY_FLAGS) as (keyof typeof SECURITY_FLAGS)[]).filter(
    (key) => key in actual && actual[key] !== SECURITY_FLAGS[key],
  );
  const missing = (['contextIsolation', 'sandbox', 'nodeIntegration'] as const).filter((k) => actual[k] !== SECURITY_FLAGS[k]);
  const bad = [...new Set([...wrong, ...missing])];
  if (bad.length > 0) throw new Error(`Refusing to run an insecure window: ${bad.map((k) => `${k}=${String(actual[k])}`).join(', ')}`);
}
