import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTER,
  addChip,
  chipValues,
  describeChip,
  filterKey,
  isFiltered,
  matchesLive,
  parseSearchInput,
  removeChip,
  toRequestFilter,
  toggleChip,
} from '../../src-main/contract/filter-query';
import { summary } from './fixtures';

describe('request filter chips', () => {
  it('normalises values and ignores duplicates and invalid ones', () => {
    let f = addChip(EMPTY_FILTER, 'method', 'post');
    f = addChip(f, 'method', 'POST');
    f = addChip(f, 'signature', 'INVALID');
    f = addChip(f, 'signature', 'bogus');
    f = addChip(f, 'delivery', 'nope');
    expect(f.chips).toEqual([
      { kind: 'method', value: 'POST' },
      { kind: 'signature', value: 'invalid' },
    ]);
  });

  it('keeps one chip for single-valued kinds', () => {
    let f = addChip(EMPTY_FILTER, 'endpoint', 'stripe');
    f = addChip(f, 'endpoint', 'github');
    f = addChip(f, 'from', '1700000000000');
    f = addChip(f, 'from', '1700000001000');
    expect(chipValues(f, 'endpoint')).toEqual(['github']);
    expect(chipValues(f, 'from')).toEqual(['1700000001000']);
  });

  it('toggles and removes', () => {
    let f = toggleChip(EMPTY_FILTER, 'event', 'invoice.paid');
    expect(isFiltered(f)).toBe(true);
    f = toggleChip(f, 'event', 'invoice.paid');
    expect(isFiltered(f)).toBe(false);
    f = addChip(f, 'method', 'GET');
    expect(removeChip(f, { kind: 'method', value: 'GET' }).chips).toEqual([]);
  });

  it('describes chips in words', () => {
    expect(describeChip({ kind: 'signature', value: 'invalid' })).toBe('signature invalid');
    expect(describeChip({ kind: 'method', value: 'POST' })).toBe('method POST');
  });
});

describe('search syntax', () => {
  it('turns key:value tokens into chips and keeps the rest as text', () => {
    const f = parseSearchInput('sig:invalid method:post customer  type:invoice.paid hello');
    expect(f.q).toBe('customer hello');
    expect(f.chips).toEqual([
      { kind: 'signature', value: 'invalid' },
      { kind: 'method', value: 'POST' },
      { kind: 'event', value: 'invoice.paid' },
    ]);
  });

  it('keeps unknown keys and invalid values as text, so nothing typed is lost', () => {
    const f = parseSearchInput('foo:bar sig:wrong http://x');
    expect(f.chips).toEqual([]);
    expect(f.q).toBe('foo:bar sig:wrong http://x');
  });

  it('adds to the chips already there', () => {
    const base = addChip(EMPTY_FILTER, 'endpoint', 'stripe');
    const f = parseSearchInput('delivery:failed', base);
    expect(f.chips.map((c) => c.kind)).toEqual(['endpoint', 'delivery']);
  });
});

describe('toRequestFilter', () => {
  it('groups chips by kind into the contract filter', () => {
    let f = parseSearchInput('sig:invalid sig:missing method:POST ep:stripe  text');
    f = addChip(f, 'from', '1700000000000');
    expect(toRequestFilter(f)).toEqual({
      q: 'text',
      endpoint: 'stripe',
      method: ['POST'],
      signature: ['invalid', 'missing'],
      from: 1700000000000,
    });
    expect(toRequestFilter(EMPTY_FILTER)).toEqual({});
  });

  it('keys equal filters equally', () => {
    const a = parseSearchInput('sig:invalid x');
    const b = parseSearchInput('x sig:invalid');
    expect(filterKey(a)).toBe(filterKey(b));
    expect(filterKey(parseSearchInput('method:GET method:POST'))).toBe(filterKey(parseSearchInput('method:POST method:GET')));
    expect(filterKey(parseSearchInput('method:GET'))).not.toBe(filterKey(parseSearchInput('method:POST')));
  });
});

describe('matchesLive', () => {
  const r = summary(1, { method: 'POST', eventType: 'invoice.paid', verificationStatus: 'invalid', endpointSlug: 'stripe' });

  it('ORs values of one kind and ANDs kinds', () => {
    expect(matchesLive(parseSearchInput('sig:valid sig:invalid'), r)).toBe('yes');
    expect(matchesLive(parseSearchInput('sig:valid'), r)).toBe('no');
    expect(matchesLive(parseSearchInput('sig:invalid method:GET'), r)).toBe('no');
    expect(matchesLive(parseSearchInput('ep:stripe type:invoice.paid'), r)).toBe('yes');
  });

  it('cannot decide free text (the server matches bodies)', () => {
    expect(matchesLive(parseSearchInput('hello'), r)).toBe('unknown');
    expect(matchesLive(parseSearchInput('hello method:GET'), r)).toBe('no');
  });

  it('applies time bounds', () => {
    const f = addChip(addChip(EMPTY_FILTER, 'from', String(r.receivedAt)), 'to', String(r.receivedAt + 1));
    expect(matchesLive(f, r)).toBe('yes');
    expect(matchesLive(addChip(EMPTY_FILTER, 'to', String(r.receivedAt)), r)).toBe('no');
  });
});
