import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { derive, mediaType } from '../../../src-main/core/capture/derive';
import { bodyText } from '../../../src-main/core/capture/search-text';
import { slugOf, splitTarget, subPath } from '../../../src-main/core/endpoints/route';

const json = (o: unknown) => Buffer.from(JSON.stringify(o));

describe('derive', () => {
  it.each([
    ['type', { type: 'invoice.paid', id: 'evt_1' }, 'invoice.paid', 'evt_1'],
    ['event', { event: 'lead.created', eventId: 'e2' }, 'lead.created', 'e2'],
    ['eventType (SendPilot)', { eventType: 'message.sent', eventId: 'sp_1' }, 'message.sent', 'sp_1'],
    ['event_type', { event_type: 'call.ended', event_id: 'x' }, 'call.ended', 'x'],
    ['nested event object (Slack)', { event: { type: 'app_mention' } }, 'app_mention', null],
    ['numeric id', { type: 't', id: 42 }, 't', '42'],
  ])('reads %s from a JSON body', (_name, body, type, id) => {
    const d = derive([['Content-Type', 'application/json']], json(body));
    expect(d.eventType).toBe(type);
    expect(d.eventId).toBe(id);
  });

  it('prefers provider headers over the body', () => {
    const d = derive(
      [
        ['X-Shopify-Topic', 'orders/create'],
        ['X-Shopify-Webhook-Id', 'wh-1'],
        ['Content-Type', 'application/json'],
      ],
      json({ type: 'other', id: 'other' }),
    );
    expect(d).toEqual({ contentType: 'application/json', eventType: 'orders/create', eventId: 'wh-1' });
  });

  it('reads Standard Webhooks / Svix ids and Twitch types from headers', () => {
    expect(derive([['svix-id', 'msg_1']], Buffer.alloc(0)).eventId).toBe('msg_1');
    expect(derive([['webhook-id', 'msg_2']], Buffer.alloc(0)).eventId).toBe('msg_2');
    expect(derive([['Twitch-Eventsub-Subscription-Type', 'stream.online']], Buffer.alloc(0)).eventType).toBe(
      'stream.online',
    );
  });

  it('reads gzip-encoded JSON', () => {
    const d = derive(
      [
        ['Content-Type', 'application/json'],
        ['Content-Encoding', 'gzip'],
      ],
      zlib.gzipSync(json({ type: 'zipped' })),
    );
    expect(d.eventType).toBe('zipped');
  });

  it('reads the first event of a batched array (SendGrid)', () => {
    expect(derive([['Content-Type', 'application/json']], json([{ event: 'delivered' }])).eventType).toBe('delivered');
  });

  it('reads form bodies (Twilio)', () => {
    const d = derive([['Content-Type', 'application/x-www-form-urlencoded']], Buffer.from('MessageSid=SM1&EventType=x'));
    expect(d.eventId).toBe('SM1');
  });

  it('never throws on garbage and ignores over-long values', () => {
    expect(derive([['Content-Type', 'application/json']], Buffer.from('{not json')).eventType).toBeNull();
    expect(derive([['Content-Type', 'application/json']], json({ type: 'x'.repeat(500) })).eventType).toBeNull();
    expect(derive([], Buffer.from([0xff, 0x00]))).toEqual({ contentType: null, eventType: null, eventId: null });
  });

  it('strips content type parameters', () => {
    expect(mediaType('Application/JSON; charset=utf-8')).toBe('application/json');
    expect(mediaType(undefined)).toBeNull();
  });
});

describe('bodyText', () => {
  it('returns text for UTF-8 and null for binary', () => {
    expect(bodyText(Buffer.from('héllo'), [])).toBe('héllo');
    expect(bodyText(Buffer.from([0xff, 0xfe, 0x00]), [])).toBeNull();
  });
  it('decodes gzip for search', () => {
    expect(bodyText(zlib.gzipSync('hidden words'), [['Content-Encoding', 'gzip']])).toBe('hidden words');
  });
});

describe('endpoint routing', () => {
  it('takes the first path segment as the slug', () => {
    expect(slugOf('/stripe/webhooks')).toBe('stripe');
    expect(slugOf('/stripe')).toBe('stripe');
    expect(slugOf('/')).toBe('');
    expect(slugOf('/GitHub/x')).toBe('github');
  });
  it('splits the raw target without decoding it', () => {
    expect(splitTarget('/a%2Fb?x=%20&y')).toEqual({ path: '/a%2Fb', query: 'x=%20&y' });
    expect(splitTarget('/plain')).toEqual({ path: '/plain', query: '' });
  });
  it('computes the path after the slug', () => {
    expect(subPath('/stripe/a/b', 'stripe')).toBe('/a/b');
    expect(subPath('/stripe', 'stripe')).toBe('/');
    expect(subPath('/other/x', 'default')).toBe('/other/x');
  });
});
