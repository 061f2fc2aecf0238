/**
 * Realistic sample events of the seed providers, for "send a signed test event". Payloads
 * are taken from the providers' docs where they publish them (DRIP prints full payloads);
 * Drippi, SendPilot and Whippy publish their envelopes (and Drippi its lead profile); fields
 * they do not print are illustrative, and each sample's description says which.
 */
import type { SampleEvent } from '../../contract/samples';
import { COMMON_SAMPLE_EVENTS } from './samples-common';

const json = (value: unknown) => JSON.stringify(value);

const drippi = (eventType: string, description: string, extra: Record<string, unknown>): SampleEvent => ({
  provider: 'drippi',
  eventType,
  scheme: 'drippi',
  description: `${description} (base structure and lead_data as published by Drippi; message fields illustrative).`,
  body: json({
    event: eventType,
    user_id: 'user_123456',
    created_at: '2026-03-02T14:05:11.000Z',
    data: { event: eventType, user_id: 'user_123456', automation_id: 'automation_789', ...extra },
  }),
});

// Drippi's lead_data is the lead's Twitter/X profile.
const lead = {
  lead_twitter_id: '1234567890',
  lead_data: {
    id: '1234567890',
    name: 'Mara Lindqvist',
    username: 'mara_builds',
    created_at: '2020-01-01T00:00:00.000Z',
    protected: false,
    location: 'Stockholm',
    url: 'https://mara.dev',
    description: 'Building onboarding flows ☕',
    verified: false,
    entities: { url: { urls: [] }, description: { urls: [], hashtags: [] } },
  },
};

const drip = (eventType: string, description: string, data: unknown, timestamp: string): SampleEvent => ({
  provider: 'drip',
  eventType,
  scheme: 'drip',
  description: `${description} (payload as printed in DRIP's webhook docs).`,
  body: json({ type: eventType, timestamp, realmId: '507f1f77bcf86cd799439011', data }),
});

const member = { id: '507f1f77bcf86cd799439013', username: 'member123' };

const sendpilot = (eventType: string, description: string, data: unknown): SampleEvent => ({
  provider: 'sendpilot',
  eventType,
  scheme: 'sendpilot',
  description: `${description} (envelope per SendPilot's webhook overview; data fields illustrative).`,
  body: json({ eventId: 'evt_1772460311123_k3v9q2m8x', eventType, timestamp: '2026-03-02T14:05:11.123Z', workspaceId: 'ws_7hc2p4d9', data }),
});

const spLead = { leadId: 'ld_90ab', campaignId: 'cmp_5521', linkedinUrl: 'https://www.linkedin.com/in/mara-lindqvist', name: 'Mara Lindqvist' };

const dropcowboy = (eventType: string, description: string, data: unknown): SampleEvent => ({
  provider: 'dropcowboy',
  eventType,
  scheme: 'dropcowboy',
  description: `${description} (type/data envelope per Drop Cowboy's sample handler; data fields illustrative).`,
  body: json({ type: eventType, created_at: '2026-03-02T14:05:11Z', data }),
});

const whippy = (eventType: string, description: string, data: unknown): SampleEvent => ({
  provider: 'whippy',
  eventType,
  scheme: 'whippy',
  description: `${description} (data/event/request_id envelope per Whippy's API docs).`,
  body: json({ data, event: eventType, request_id: 'F7tq2Xh1c0yAAAB' }),
});

export const SAMPLE_EVENTS: readonly SampleEvent[] = [
  ...COMMON_SAMPLE_EVENTS,
  drippi('cold_dm.sent', 'A cold DM was sent to a new lead', { ...lead, message: 'Hey Mara — loved your thread on onboarding flows. Open to a quick chat?' }),
  drippi('followup.sent', 'A follow-up was sent to an existing lead', { ...lead, message: 'Bumping this in case it got buried 🙂' }),
  drippi('reply.received', 'A lead replied to the automation', { ...lead, message: 'Sure, send me a calendar link.' }),
  drippi('automation.paused', 'The system paused an automation', { reason: 'automation paused - daily_message_limit_reached' }),
  drippi('automation.out_of_leads', 'An automation ran out of leads', {}),
  drip('member.joined', 'A member joined the realm', { member: { id: '507f1f77bcf86cd799439013', username: 'newmember123', displayName: 'New Member', joinedAt: '2024-01-20T15:30:00Z', credentials: [{ type: 'discord', platformId: '123456789012345678' }] } }, '2024-01-20T15:30:00Z'),
  drip('member.left', 'A member left the realm', { memberId: '507f1f77bcf86cd799439013', leftAt: '2024-01-20T16:00:00Z' }, '2024-01-20T16:00:00Z'),
  drip('member.points.awarded', 'Points were awarded to a member', { member, points: { amount: 100, realmPoint: { id: '507f1f77bcf86cd799439015', name: 'XP', emoji: '⭐' } }, reason: 'Completed daily quest', newBalance: 1250 }, '2024-01-20T15:45:00Z'),
  drip('quest.completed', 'A member completed a quest', { quest: { id: '507f1f77bcf86cd799439020', name: 'Daily Engagement', type: 'daily' }, member, completedAt: '2024-01-20T16:15:00Z', rewards: [{ type: 'points', amount: 100, realmPointId: '507f1f77bcf86cd799439015' }] }, '2024-01-20T16:15:00Z'),
  drip('quest.started', 'A member started a quest', { quest: { id: '507f1f77bcf86cd799439020', name: 'Weekly Challenge' }, member, startedAt: '2024-01-20T14:00:00Z' }, '2024-01-20T14:00:00Z'),
  drip('store.purchase.completed', 'A member completed a store purchase', { purchase: { id: '507f1f77bcf86cd799439025', item: { id: '507f1f77bcf86cd799439030', name: 'VIP Role', cost: 1000 }, member, completedAt: '2024-01-20T17:00:00Z' } }, '2024-01-20T17:00:00Z'),
  sendpilot('message.sent', 'A message was sent to a lead', { ...spLead, message: 'Hi Mara, loved your post on onboarding flows — open to a quick chat?' }),
  sendpilot('message.received', 'A lead replied', { ...spLead, message: 'Thanks for reaching out — what does pricing look like?' }),
  sendpilot('connection.sent', 'A connection request was sent', { ...spLead }),
  sendpilot('connection.accepted', 'A lead accepted the connection request', { ...spLead, acceptedAt: '2026-03-02T14:04:57Z' }),
  sendpilot('campaign.paused', 'A campaign was paused', { campaignId: 'cmp_5521', name: 'Q2 founders outreach' }),
  sendpilot('lead.status.changed', "A lead's status changed", { ...spLead, previousStatus: 'contacted', status: 'replied' }),
  dropcowboy('message.delivered', 'A ringless voicemail or SMS was delivered', { message_id: 'msg_7f3a92', campaign_id: 'cmp_1180', phone_number: '+15555550142', delivered_at: '2026-03-02T14:05:09Z' }),
  dropcowboy('message.failed', 'A message failed to deliver', { message_id: 'msg_7f3a93', campaign_id: 'cmp_1180', phone_number: '+15555550143', error: 'invalid_number' }),
  dropcowboy('contact.opted_out', 'A contact opted out', { phone_number: '+15555550144', campaign_id: 'cmp_1180', opted_out_at: '2026-03-02T14:05:10Z' }),
  whippy('message.created', 'A message was created (sent) in a conversation', {
    id: '5e09c7cc-27e8-4d91-89ee-4ea5bafaaa15',
    to: '+14244023931',
    body: 'The answer to the Great Question is 42.',
    from: '+12183925232',
    step_id: null,
    language: null,
    direction: 'OUTBOUND',
    channel_id: 'be1ecaf2-9ce7-448c-8755-e5009ccc4345',
    contact_id: '8241b8e5-98a2-44d7-975b-15f5c2bf3cf4',
    created_at: '2023-08-24T10:05:18.432652Z',
    updated_at: '2023-08-24T10:05:18.432652Z',
    attachments: [],
    campaign_id: null,
  }),
  whippy('campaign.updated', 'A campaign was updated (fields illustrative)', {
    id: '0b6f2a34-1c8e-4b0e-9d43-2f1b9a7c5e10',
    title: 'Spring hiring outreach',
    status: 'scheduled',
    channel_id: 'be1ecaf2-9ce7-448c-8755-e5009ccc4345',
    updated_at: '2023-08-24T11:00:00.000000Z',
  }),
];
