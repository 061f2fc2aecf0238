import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import pkg from './package.json';

const version = { __HOOKBAY_VERSION__: JSON.stringify(pkg.version) };

export default defineConfig({
  main: {
    define: version,
    build: {
      // Runtime dependencies (better-sqlite3 is native, localtunnel is CJS) stay external.
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          // The Electron main process: the desktop app, or the CLI inside it (src-main/shell/entry.ts).
          index: resolve(__dirname, 'src-main/shell/entry.ts'),
          // `hookbay serve` under plain Node (headless) and the benchmark runner.
          cli: resolve(__dirname, 'src-main/cli.ts'),
          // The core's thread in the desktop app (src-main/shell/core-host.ts starts it).
          'core-worker': resolve(__dirname, 'src-main/shell/core-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require node_modules: bundle everything into one CJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    define: version,
    resolve: { alias: { '@contract': resolve(__dirname, 'src-main/contract/index.ts') } },
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rolldownOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
    },
  },
});
