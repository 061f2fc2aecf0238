import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Code linted with type information (the renderer also gets typescript-eslint's recommendedTypeChecked, below). */
const TYPE_CHECKED = ['src-main/**/*.ts', 'src-preload/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'src-renderer/**/*.{ts,tsx}'];

/**
 * Which core folders each core folder may import (docs/architecture.md draws the same
 * graph). Every folder may also import the contract and the shared leaves errors.ts,
 * events.ts and version.ts; none may import the composition (hookbay.ts, config.ts) or the
 * transport. `service/` adapts the contract to all domains; only hookbay.ts composes them.
 */
const CORE_FOLDERS = ['http', 'store', 'endpoints', 'capture', 'signatures', 'relay', 'tunnel', 'transfer', 'service'];
const MAY_IMPORT = {
  http: [],
  store: [],
  endpoints: ['store'],
  capture: ['http', 'store', 'endpoints'],
  signatures: ['http', 'store', 'endpoints', 'capture'],
  relay: ['http', 'store', 'endpoints', 'capture', 'signatures'],
  tunnel: ['http', 'capture'],
  transfer: ['http', 'store', 'endpoints', 'capture', 'signatures', 'relay'],
  service: ['http', 'store', 'endpoints', 'capture', 'signatures', 'relay', 'tunnel', 'transfer'],
};
const NO_ELECTRON = { name: 'electron', message: 'The core runs under plain Node: it must not import electron.' };

/** A relative import of any of `names` (core folders or top-level core modules), at any depth. */
const importOf = (names) => `^(\\./|(\\.\\./)+)(${names.join('|')})(/|$)`;

const coreBoundaries = Object.entries(MAY_IMPORT).map(([folder, allowed]) => {
  const forbidden = [...CORE_FOLDERS.filter((f) => f !== folder && !allowed.includes(f)), 'hookbay', 'config', 'transport', 'headless', 'shell'];
  return {
    files: [`src-main/core/${folder}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [NO_ELECTRON],
          patterns: [{ regex: importOf(forbidden), message: `core/${folder} may import only ${['contract', ...allowed].join(', ')} (and errors, events, version): see docs/architecture.md.` }],
        },
      ],
    },
  };
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'docs/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  // The renderer (typed by tsconfig.web.json) takes typescript-eslint's whole type-checked set.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['src-renderer/**/*.{ts,tsx}'] })),
  {
    // Promises that nobody awaits lose their failures; a switch over a union must handle every member.
    files: TYPE_CHECKED,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    // The composition, the CLI and the transports run under plain Node too.
    files: ['src-main/core/*.ts', 'src-main/headless/**', 'src-main/cli.ts', 'src-main/cli/**', 'src-main/tunnel-server/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_ELECTRON] }] },
  },
  {
    // Only hookbay.ts composes the domains; it never reaches into the handlers.
    files: ['src-main/core/hookbay.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [NO_ELECTRON], patterns: [{ regex: importOf(['service', 'transport']), message: 'hookbay.ts composes the domains; service/ adapts them to the contract, not the other way round.' }] },
      ],
    },
  },
  ...coreBoundaries,
  {
    // The contract is shared with the browser and the preload: nothing from the core, no Node.
    files: ['src-main/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [NO_ELECTRON],
          patterns: [
            { regex: '^\\.\\.(/|$)', message: 'The contract imports nothing outside src-main/contract.' },
            { group: ['node:*'], message: 'The contract runs in the browser too: no Node modules.' },
          ],
        },
      ],
    },
  },
  {
    // The renderer imports the contract module (@contract) and nothing else from the main side.
    files: ['src-renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/src-main/**', 'electron', 'node:*'], message: 'The renderer may import only the contract (@contract).' }] },
      ],
    },
  },
  {
    files: ['**/*.cjs', 'bin/**'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
