#!/usr/bin/env node
/**
 * The `hookbay` command line under plain Node (no Electron): `listen`, `serve`, `trigger`,
 * `requests`, `replay`, `export`. Each command lives in src-main/cli/ with its flag table.
 */
import { runCli } from './cli/main';

export { main, runCli, type CliRuntime } from './cli/main';
// For scripts/write-openapi.cjs, which writes docs/openapi.json from the built CLI.
export { openApiDocument } from './headless/openapi';

if (require.main === module) void runCli(process.argv.slice(2));
