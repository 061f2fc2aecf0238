/**
 * Sample events of widely used providers and the two standards, for "send a signed test
 * event" and `hookbay trigger`. Bodies follow the shapes the providers document (Stripe's
 * event object, GitHub's and Shopify's payloads with their event headers, Slack's Events API
 * envelope, Standard Webhooks' type/timestamp/data); ids and values are illustrative.
 */
import type { SampleEvent } from '../../contract/samples';

const json = (value: unknown) => JSON.stringify(value);
const CREATED = 1772460311;

const stripe = (eventType: string, description: string, object: Record<string, unknown>): SampleEvent => ({
  provider: 'stripe',
  eventType,
  scheme: 'stripe',
  description: `${description} (Stripe event object; ids illustrative).`,
  body: json({
    id: 'evt_1QmX2vLkdIwHu7ixQ3aBcDeF',
    object: 'event',
    api_version: '2024-06-20',
    created: CREATED,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: 'req_8fGz2kLm0PqRsT', idempotency_key: '5a4b2c1d-0e9f-4a8b-9c7d-6e5f4a3b2c1d' },
    type: eventType,
  }),
});

const invoice = {
  id: 'in_1QmX2uLkdIwHu7ixAbCdEfGh',
  object: 'invoice',
  amount_due: 2000,
  amount_paid: 2000,
  currency: 'usd',
  customer: 'cus_RfT3xYz9AbCdEf',
  status: 'paid',
  subscription: 'sub_1QmX2tLkdIwHu7ixZyXwVuTs',
};

const github = (event: string, description: string, payload: Record<string, unknown>): SampleEvent => ({
  provider: 'github',
  eventType: event,
  scheme: 'github',
  description: `${description} (GitHub payload with its X-GitHub-Event header; values illustrative).`,
  headers: [
    ['X-GitHub-Event', event],
    ['X-GitHub-Delivery', '72d3162e-cc78-11e3-81ab-4c9367dc0958'],
    ['X-GitHub-Hook-ID', '292430182'],
  ],
  body: json(payload),
});

const repository = { id: 1296269, name: 'hello-world', full_name: 'octocat/hello-world', private: false, html_url: 'https://github.com/octocat/hello-world' };
const sender = { login: 'octocat', id: 1, type: 'User' };

const shopify = (topic: string, description: string, payload: Record<string, unknown>): SampleEvent => ({
  provider: 'shopify',
  eventType: topic,
  scheme: 'shopify',
  description: `${description} (Shopify payload with its X-Shopify-* headers; values illustrative).`,
  headers: [
    ['X-Shopify-Topic', topic],
    ['X-Shopify-Shop-Domain', 'hookbay-demo.myshopify.com'],
    ['X-Shopify-API-Version', '2025-01'],
    ['X-Shopify-Webhook-Id', 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043'],
  ],
  body: json(payload),
});

const slack = (description: string, body: Record<string, unknown>): SampleEvent => ({
  provider: 'slack',
  eventType: body.type as string,
  scheme: 'slack',
  description: `${description} (Slack Events API payload; ids illustrative).`,
  body: json(body),
});

const standard = (provider: 'standard-webhooks' | 'svix', eventType: string, description: string, data: Record<string, unknown>): SampleEvent => ({
  provider,
  eventType,
  scheme: provider,
  description: `${description} (${provider === 'svix' ? 'Svix' : 'Standard Webhooks'} type/timestamp/data payload; data illustrative).`,
  body: json({ type: eventType, timestamp: '2026-03-02T14:05:11.000Z', data }),
});

export const COMMON_SAMPLE_EVENTS: readonly SampleEvent[] = [
  stripe('invoice.paid', 'An invoice was paid', invoice),
  stripe('payment_intent.succeeded', 'A payment succeeded', {
    id: 'pi_3QmX2wLkdIwHu7ix1AbCdEfG',
    object: 'payment_intent',
    amount: 2000,
    currency: 'usd',
    customer: 'cus_RfT3xYz9AbCdEf',
    status: 'succeeded',
  }),
  stripe('checkout.session.completed', 'A Checkout session completed', {
    id: 'cs_test_a1B2c3D4e5F6g7H8',
    object: 'checkout.session',
    amount_total: 2000,
    currency: 'usd',
    customer: 'cus_RfT3xYz9AbCdEf',
    mode: 'subscription',
    payment_status: 'paid',
    status: 'complete',
  }),
  stripe('customer.subscription.deleted', 'A subscription was cancelled', {
    id: 'sub_1QmX2tLkdIwHu7ixZyXwVuTs',
    object: 'subscription',
    customer: 'cus_RfT3xYz9AbCdEf',
    status: 'canceled',
  }),
  github('push', 'Commits were pushed', {
    ref: 'refs/heads/main',
    before: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    after: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
    commits: [{ id: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c', message: 'Fix the webhook handler', author: { name: 'Monalisa Octocat', email: 'mona@github.com' } }],
    repository,
    pusher: { name: 'octocat', email: 'octocat@github.com' },
    sender,
  }),
  github('pull_request', 'A pull request was opened', {
    action: 'opened',
    number: 2,
    pull_request: { id: 279147437, number: 2, state: 'open', title: 'Update the README', user: sender, head: { ref: 'changes' }, base: { ref: 'main' } },
    repository,
    sender,
  }),
  github('issues', 'An issue was opened', {
    action: 'opened',
    issue: { id: 444500041, number: 1, title: 'Spelling error in the README file', state: 'open', user: sender },
    repository,
    sender,
  }),
  github('ping', 'The webhook was created', { zen: 'Keep it logically awesome.', hook_id: 292430182, repository, sender }),
  shopify('orders/create', 'An order was placed', {
    id: 820982911946154500,
    email: 'jon@example.com',
    created_at: '2026-03-02T09:05:11-05:00',
    currency: 'USD',
    total_price: '598.94',
    financial_status: 'paid',
    line_items: [{ id: 866550311766439000, title: 'IPod Nano - 8GB', quantity: 1, price: '199.00', sku: 'IPOD2008PINK' }],
  }),
  shopify('products/update', 'A product was updated', { id: 788032119674292900, title: 'Example T-Shirt', status: 'active', vendor: 'Acme', updated_at: '2026-03-02T09:05:11-05:00' }),
  shopify('app/uninstalled', 'The app was uninstalled', { id: 548380009, name: 'Hookbay Demo', domain: 'hookbay-demo.myshopify.com' }),
  slack('An event the app subscribes to happened: app_mention', {
    token: 'XXYYZZ',
    team_id: 'T0001',
    api_app_id: 'A0KRD7HC3',
    event: { type: 'app_mention', user: 'U061F7AUR', text: '<@U0LAN0Z89> is it everything a river should be?', ts: '1515449522.000016', channel: 'C0LAN2Q65' },
    type: 'event_callback',
    event_id: 'Ev08MFMKH6',
    event_time: CREATED,
  }),
  slack('Slack checks the Request URL when it is saved', { token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' }),
  standard('standard-webhooks', 'invoice.paid', 'An invoice was paid', { id: 'inv_01HV3Q6Z8K', amount: 2000, currency: 'usd' }),
  standard('standard-webhooks', 'user.created', 'A user signed up', { id: 'usr_01HV3Q7A2B', email: 'mara@example.com' }),
  standard('svix', 'user.created', 'A user signed up', { id: 'user_29w83sxmDNGwOuEthce5gg56FcC', email_addresses: [{ email_address: 'mara@example.com' }], first_name: 'Mara' }),
  standard('svix', 'email.delivered', 'An email was delivered', { email_id: '4ef9a417-02e9-4d39-ad75-9611e0fcc33c', to: ['mara@example.com'], subject: 'Welcome' }),
];
