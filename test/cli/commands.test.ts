import { describe, expect, it } from 'vitest';
import { CLI_COMMANDS, LONG_RUNNING_COMMANDS } from '../../src-main/cli-commands';
import { COMMANDS } from '../../src-main/cli/main';

describe('the command list the desktop app routes by', () => {
  it('names every command, and exactly the long-running ones as such', () => {
    const names = COMMANDS.map((c) => c.spec.name);
    expect(CLI_COMMANDS.filter((c) => !c.startsWith('-') && c !== 'help').sort()).toEqual([...names].sort());
    expect([...LONG_RUNNING_COMMANDS].sort()).toEqual(COMMANDS.filter((c) => c.spec.longRunning).map((c) => c.spec.name).sort());
  });
});
