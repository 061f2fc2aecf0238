/**
 * The flag tables of docs/cli.md, rendered from the commands' own definitions;
 * test/cli/docs.test.ts fails when the document and the definitions differ.
 */
import { envName, flagSignature, type CommandSpec } from './flags';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\n/g, ' ');

export function flagTable(spec: CommandSpec): string {
  const rows = spec.flags.map((f) => {
    const env = envName(f);
    const notes = [f.help, f.multiple ? '(repeatable)' : ''].filter(Boolean).join(' ');
    return `| \`${cell(flagSignature(f))}\` | ${env ? `\`${env}\`` : '–'} | ${f.default !== undefined ? cell(f.default) : '–'} | ${cell(notes)} |`;
  });
  return ['| flag | environment | default | what it does |', '|---|---|---|---|', ...rows].join('\n');
}

/** The generated block for one command, between markers so the prose around it stays hand-written. */
export function flagBlock(spec: CommandSpec): string {
  return `<!-- flags:${spec.name} (generated from src-main/cli; UPDATE_CLI_DOCS=1 npx vitest run test/cli/docs.test.ts) -->\n${flagTable(spec)}\n<!-- /flags:${spec.name} -->`;
}
