import { describe, expect, it } from 'vitest';
import { BridgeError, issuesAt, toApiError } from '../../src-renderer/src/bridge/api-error';

describe('toApiError', () => {
  it('keeps the contract shape from either bridge', () => {
    const issues = [{ path: 'slug', message: 'taken' }];
    expect(toApiError(new BridgeError({ code: 'conflict', message: 'Slug taken', issues }))).toEqual({ code: 'conflict', message: 'Slug taken', issues });
    expect(toApiError({ code: 'not_found', message: 'gone' })).toEqual({ code: 'not_found', message: 'gone', issues: undefined });
    expect(toApiError({ error: { code: 'x', message: 'y' } }).code).toBe('x');
  });

  it('unwraps what Electron IPC makes of a thrown error', () => {
    const e = new Error(`Error invoking remote method 'hookbay:createEndpoint': Error: {"code":"invalid_input","message":"bad","issues":[{"path":"name","message":"required"}]}`);
    expect(toApiError(e)).toEqual({ code: 'invalid_input', message: 'bad', issues: [{ path: 'name', message: 'required' }] });
    expect(toApiError(new Error("Error invoking remote method 'hookbay:x': Error: boom"))).toEqual({ code: 'internal', message: 'boom' });
  });

  it('finds field issues by path prefix', () => {
    const error = { code: 'invalid_input', message: 'm', issues: [{ path: 'forward.0.url', message: 'Invalid URL' }, { path: 'name', message: 'required' }] };
    expect(issuesAt(error, 'forward.0')).toEqual(['Invalid URL']);
    expect(issuesAt(error, 'forward.0.url')).toEqual(['Invalid URL']);
    expect(issuesAt(error, 'forward.1')).toEqual([]);
    expect(issuesAt(error, 'nam')).toEqual([]);
  });
});
