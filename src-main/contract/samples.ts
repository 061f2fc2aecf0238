import { z } from 'zod';
import { HeaderPairs } from './common';

export const SampleEvent = z.object({
  provider: z.string(),
  eventType: z.string(),
  /** Scheme id used to sign it. */
  scheme: z.string(),
  description: z.string(),
  /** Headers the provider sends besides the signature (GitHub's `X-GitHub-Event`, Shopify's topic). */
  headers: HeaderPairs.optional(),
  body: z.string(),
});
export type SampleEvent = z.infer<typeof SampleEvent>;

export const SendTestEventInput = z.object({
  id: z.string(),
  provider: z.string(),
  eventType: z.string(),
  /** Override the sample body. */
  body: z.string().optional(),
  /** Send an invalid signature on purpose. */
  tamper: z.boolean().optional(),
});
