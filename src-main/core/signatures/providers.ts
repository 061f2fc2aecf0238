import { bitbucket } from './schemes/bitbucket';
import { calendly } from './schemes/calendly';
import { coinbase } from './schemes/coinbase';
import { discord } from './schemes/discord';
import { drip } from './schemes/drip';
import { drippi } from './schemes/drippi';
import { dropcowboy } from './schemes/dropcowboy';
import { github } from './schemes/github';
import { gitlab } from './schemes/gitlab';
import { hubspot } from './schemes/hubspot';
import { intercom } from './schemes/intercom';
import { lemonsqueezy } from './schemes/lemonsqueezy';
import { linear } from './schemes/linear';
import { mailgun } from './schemes/mailgun';
import { paddle } from './schemes/paddle';
import { razorpay } from './schemes/razorpay';
import { sendgrid } from './schemes/sendgrid';
import { sendpilot } from './schemes/sendpilot';
import { sentry } from './schemes/sentry';
import { shopify } from './schemes/shopify';
import { slack } from './schemes/slack';
import { square } from './schemes/square';
import { standardWebhooks } from './schemes/standard-webhooks';
import { stripe } from './schemes/stripe';
import { svix } from './schemes/svix';
import { twilio } from './schemes/twilio';
import { twitch } from './schemes/twitch';
import { typeform } from './schemes/typeform';
import { vercel } from './schemes/vercel';
import { whippy } from './schemes/whippy';
import { woocommerce } from './schemes/woocommerce';
import { zendesk } from './schemes/zendesk';
import { zoom } from './schemes/zoom';
import type { Scheme } from './types';

export type ProviderSchemeId =
  | 'drippi' | 'drip' | 'sendpilot' | 'dropcowboy' | 'whippy'
  | 'standard-webhooks' | 'svix'
  | 'stripe' | 'github' | 'shopify' | 'slack' | 'twilio' | 'paddle' | 'square' | 'linear' | 'zoom'
  | 'intercom' | 'bitbucket' | 'hubspot' | 'typeform' | 'calendly' | 'twitch' | 'lemonsqueezy'
  | 'coinbase' | 'vercel' | 'razorpay' | 'woocommerce' | 'sentry' | 'zendesk' | 'gitlab' | 'mailgun'
  | 'discord' | 'sendgrid';

/**
 * Provider schemes in `auto`-detection order: headers unique to one provider first, shared or
 * generic ones (`webhook-signature`, `X-Hub-Signature`, `X-Signature`) and body-borne last.
 */
export const PROVIDER_SCHEMES = {
  stripe,
  github,
  slack,
  shopify,
  sendgrid, // before twilio: SendGrid's header also starts with X-Twilio
  twilio,
  svix,
  whippy,
  sendpilot, // before standard-webhooks: same header, told apart by the value
  'standard-webhooks': standardWebhooks,
  paddle,
  square,
  linear,
  zoom,
  twitch,
  typeform,
  calendly,
  hubspot,
  discord,
  zendesk,
  woocommerce,
  razorpay,
  coinbase,
  vercel,
  sentry,
  gitlab,
  drippi,
  drip,
  dropcowboy,
  lemonsqueezy,
  intercom,
  bitbucket,
  mailgun,
} satisfies Record<ProviderSchemeId, Scheme>;
