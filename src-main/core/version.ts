// Injected at build time by electron-vite (see electron.vite.config.ts); tests run from source.
declare const __HOOKBAY_VERSION__: string | undefined;
export const VERSION: string = typeof __HOOKBAY_VERSION__ === 'string' ? __HOOKBAY_VERSION__ : '0.0.0-dev';
