import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract } from '../../src-main/contract';

describe('docs/api.md', () => {
  const doc = fs.readFileSync(path.join(__dirname, '../../docs/api.md'), 'utf8');
  it.each(Object.entries(contract))('documents %s', (name, op) => {
    expect(doc).toContain(`| \`${op.http.method} ${op.http.path}\` | \`${name}\` |`);
  });
});
