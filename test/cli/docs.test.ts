import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envName } from '../../src-main/cli/flags';
import { COMMANDS } from '../../src-main/cli/main';
import { flagBlock } from '../../src-main/cli/reference';

const DOC = path.join(__dirname, '../../docs/cli.md');

/** Replaces each command's generated block (tests run with UPDATE_CLI_DOCS=1 rewrite the doc). */
function withBlocks(text: string): string {
  let out = text;
  for (const c of COMMANDS) {
    const re = new RegExp(`<!-- flags:${c.spec.name} [^]*?<!-- /flags:${c.spec.name} -->`);
    out = re.test(out) ? out.replace(re, () => flagBlock(c.spec)) : out;
  }
  return out;
}

describe('docs/cli.md', () => {
  const text = fs.readFileSync(DOC, 'utf8');
  if (process.env.UPDATE_CLI_DOCS === '1') fs.writeFileSync(DOC, withBlocks(text));

  it.each(COMMANDS.map((c) => [c.spec.name, c] as const))('documents `hookbay %s` with its flags exactly as defined', (name, c) => {
    expect(text).toContain(`## hookbay ${name}`);
    expect(text).toContain(flagBlock(c.spec));
  });

  it('documents every environment variable and the exit codes', () => {
    for (const c of COMMANDS) for (const f of c.spec.flags) if (envName(f)) expect(text).toContain(`\`${envName(f)}\``);
    expect(text).toMatch(/\| 0 \| .+ \|/);
    expect(text).toMatch(/\| 1 \| .+ \|/);
    expect(text).toMatch(/\| 2 \| .+ \|/);
  });
});
