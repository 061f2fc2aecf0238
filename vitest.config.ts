import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __HOOKBAY_VERSION__: JSON.stringify(process.env.npm_package_version ?? '0.0.0-dev') },
  // Renderer unit tests import renderer modules, which reach the contract through this alias.
  resolve: { alias: { '@contract': resolve(__dirname, 'src-main/contract/index.ts') } },
  test: {
    // Bench code keeps its smoke tests beside it (small sizes; `npm run bench` runs the real ones).
    include: ['test/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    // Handlers' outputs are checked against the contract in tests (off in production: cost).
    env: { HOOKBAY_CHECK_OUTPUT: '1' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real servers and child processes; two cores here.
    pool: 'forks',
    maxWorkers: 2,
  },
});
