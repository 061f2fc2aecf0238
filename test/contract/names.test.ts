import { describe, expect, it } from 'vitest';
import { contract } from '../../src-main/contract';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, OPERATION_NAMES } from '../../src-main/contract/names';

describe('OPERATION_NAMES', () => {
  it('lists exactly the contract operations, in declaration order', () => {
    expect([...OPERATION_NAMES]).toEqual(Object.keys(contract));
  });

  it('has no duplicates and keeps the event channel apart from operation channels', () => {
    expect(new Set(OPERATION_NAMES).size).toBe(OPERATION_NAMES.length);
    const channels = OPERATION_NAMES.map((n) => `${IPC_PREFIX}${n}`);
    expect(channels).not.toContain(IPC_EVENT_CHANNEL);
  });
});
