import crypto from 'node:crypto';
import { sendWebhook, type HookbayServer } from './hookbay-server';

export const STRIPE_SECRET = 'whsec_e2e_stripe_secret_0123456789';
export const GITHUB_SECRET = 'e2e-github-secret';

const hmacHex = (secret: string, text: string) => crypto.createHmac('sha256', secret).update(text).digest('hex');

export function stripeSignature(body: string, secret = STRIPE_SECRET, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${hmacHex(secret, `${t}.${body}`)}`;
}

export function githubSignature(body: string, secret = GITHUB_SECRET): string {
  return `sha256=${hmacHex(secret, body)}`;
}

/** A realistic mix for screenshots and demos: two signed providers, a tampered request, a form post. */
export async function seedDemo(hookbay: HookbayServer): Promise<void> {
  await hookbay.api('POST', '/api/endpoints', { name: 'Stripe', slug: 'stripe', verify: { scheme: 'stripe', secrets: [STRIPE_SECRET] } });
  await hookbay.api('POST', '/api/endpoints', { name: 'GitHub', slug: 'github', verify: { scheme: 'github', secrets: [GITHUB_SECRET] } });
  const stripe = (type: string, object: Record<string, unknown>, tamper = false) => {
    const body = JSON.stringify({ id: `evt_${crypto.randomBytes(6).toString('hex')}`, object: 'event', type, api_version: '2024-06-20', created: Math.floor(Date.now() / 1000), livemode: false, data: { object } });
    return sendWebhook(`${hookbay.receiverUrl}/stripe/webhooks`, {
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)', 'Stripe-Signature': stripeSignature(tamper ? body + ' ' : body) },
      body,
    });
  };
  const github = (event: string, payload: Record<string, unknown>, signed = true) => {
    const body = JSON.stringify(payload);
    return sendWebhook(`${hookbay.receiverUrl}/github`, {
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'GitHub-Hookshot/8f1c2a7',
        'X-GitHub-Event': event,
        'X-GitHub-Delivery': crypto.randomUUID(),
        ...(signed ? { 'X-Hub-Signature-256': githubSignature(body) } : {}),
      },
      body,
    });
  };
  await github('push', { ref: 'refs/heads/main', before: 'a1b2c3', after: 'd4e5f6', repository: { full_name: 'hookbay/hookbay' }, pusher: { name: 'mara' }, commits: [{ id: 'd4e5f6', message: 'Fix retry backoff' }] });
  await stripe('customer.created', { id: 'cus_Q1', object: 'customer', email: 'mara@example.com', name: 'Mara Lindqvist' });
  await stripe('payment_intent.succeeded', { id: 'pi_3Q', object: 'payment_intent', amount: 4200, currency: 'eur', status: 'succeeded' });
  await github('issues', { action: 'opened', issue: { number: 42, title: 'Webhook retries never stop', user: { login: 'sam' } } }, false);
  await stripe('invoice.paid', { id: 'in_1Q', object: 'invoice', amount_paid: 4200, currency: 'eur', customer: 'cus_Q1', lines: { data: [{ description: 'Pro plan', amount: 4200 }] } }, true);
  await sendWebhook(`${hookbay.receiverUrl}/`, {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': 'bm90LWEtcmVhbC1zaWduYXR1cmU=' },
    body: 'MessageSid=SM5f1&AccountSid=AC9&From=%2B15555550100&To=%2B15555550199&Body=Hello+from+Twilio&EventType=message.received',
  });
  await stripe('charge.refunded', { id: 'ch_3Q', object: 'charge', amount: 4200, amount_refunded: 4200, refunded: true });
  await stripe('invoice.payment_failed', { id: 'in_2Q', object: 'invoice', amount_due: 1900, attempt_count: 2, next_payment_attempt: 1767225600 });
  await github('pull_request', { action: 'opened', number: 43, pull_request: { title: 'Add HAR import', head: { ref: 'har-import' }, base: { ref: 'main' } } });
}
