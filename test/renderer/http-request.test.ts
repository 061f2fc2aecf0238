import { describe, expect, it } from 'vitest';
import { httpCallFor } from '../../src-renderer/src/bridge/http-request';

describe('httpCallFor', () => {
  it('puts GET input in the query string, arrays as repeated keys', () => {
    expect(httpCallFor('listRequests', { q: 'a b', signature: ['invalid', 'missing'], limit: 200, cursor: undefined })).toEqual({
      method: 'GET',
      url: '/api/requests?q=a+b&signature=invalid&signature=missing&limit=200',
      body: undefined,
    });
    expect(httpCallFor('listEndpoints', {})).toEqual({ method: 'GET', url: '/api/endpoints', body: undefined });
  });

  it('takes path parameters out of the input', () => {
    expect(httpCallFor('getRequest', { id: 42 })).toEqual({ method: 'GET', url: '/api/requests/42', body: undefined });
    expect(httpCallFor('replayRequest', { id: 7, resign: true })).toEqual({
      method: 'POST',
      url: '/api/requests/7/replay',
      body: '{"resign":true}',
    });
    expect(httpCallFor('updateEndpoint', { id: 'a/b', name: 'x' }).url).toBe('/api/endpoints/a%2Fb');
  });

  it('sends DELETE input as a query and other methods as JSON', () => {
    expect(httpCallFor('deleteRequest', { id: 3 })).toEqual({ method: 'DELETE', url: '/api/requests/3', body: undefined });
    expect(httpCallFor('setTunnel', { enabled: true })).toEqual({ method: 'PUT', url: '/api/tunnel', body: '{"enabled":true}' });
  });

  it('refuses a missing path parameter instead of calling a wrong URL', () => {
    expect(() => httpCallFor('getRequest', {})).toThrow(/missing "id"/);
  });
});
