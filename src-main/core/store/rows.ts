import type { HeaderPairs } from '../../contract/common';
import type { Delivery, DeliveryState, RequestDetail, RequestSummary, Via } from '../../contract/requests';
import { UNVERIFIED, type Verification, type VerificationStatus } from '../../contract/verification';
import type { RequestWithBody } from './request-store';

/** A request as the receiver hands it to the store: raw bytes plus derived fields. */
export interface CapturedRequest {
  endpointId: string;
  method: string;
  path: string;
  query: string;
  headers: HeaderPairs;
  body: Buffer;
  size: number;
  truncated: boolean;
  remoteAddress: string | null;
  receivedAt: number;
  via: Via;
  contentType: string | null;
  eventType: string | null;
  eventId: string | null;
  error: string | null;
  replayOf: number | null;
  verification: Verification | null;
}

/** A stored request: what was captured, its id, and what was derived at insert. */
export interface StoredRequest extends CapturedRequest {
  id: number;
  duplicateOf: number | null;
  verificationStatus: VerificationStatus;
  deliveryState: DeliveryState;
}

/** Columns of `requests` as SQLite returns them. */
export interface RequestRow {
  id: number;
  endpoint_id: string;
  endpoint_slug: string;
  method: string;
  path: string;
  query: string;
  headers?: string;
  body?: Buffer;
  size: number;
  truncated: number;
  remote_address?: string | null;
  received_at: number;
  via: string;
  content_type: string | null;
  event_type: string | null;
  event_id: string | null;
  duplicate_of: number | null;
  error: string | null;
  replay_of: number | null;
  verification?: string | null;
  verification_status: string;
  delivery_state: string;
}

export const SUMMARY_COLUMNS = `r.id, r.endpoint_id, e.slug AS endpoint_slug, r.method, r.path, r.query, r.size,
  r.truncated, r.received_at, r.via, r.content_type, r.event_type, r.event_id, r.duplicate_of, r.error,
  r.replay_of, r.verification_status, r.delivery_state`;

export function toSummary(row: RequestRow): RequestSummary {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    endpointSlug: row.endpoint_slug,
    method: row.method,
    path: row.path,
    query: row.query,
    size: row.size,
    truncated: row.truncated === 1,
    receivedAt: row.received_at,
    contentType: row.content_type,
    eventType: row.event_type,
    eventId: row.event_id,
    duplicateOf: row.duplicate_of,
    via: row.via as Via,
    error: row.error,
    replayOf: row.replay_of,
    verificationStatus: row.verification_status as VerificationStatus,
    deliveryState: row.delivery_state as DeliveryState,
  };
}

/** The list view of a just-stored request, without reading it back. */
export function storedSummary(s: StoredRequest, endpointSlug: string): RequestSummary {
  return {
    id: s.id,
    endpointId: s.endpointId,
    endpointSlug,
    method: s.method,
    path: s.path,
    query: s.query,
    size: s.size,
    truncated: s.truncated,
    receivedAt: s.receivedAt,
    contentType: s.contentType,
    eventType: s.eventType,
    eventId: s.eventId,
    duplicateOf: s.duplicateOf,
    via: s.via,
    error: s.error,
    replayOf: s.replayOf,
    verificationStatus: s.verificationStatus,
    deliveryState: s.deliveryState,
  };
}

/** The full view of one request: raw bytes as base64, its verdict and its deliveries. */
export function toDetail(r: RequestWithBody, deliveries: Delivery[]): RequestDetail {
  const { body, verification, ...rest } = r;
  return { ...rest, bodyBase64: body.toString('base64'), verification: verification ?? UNVERIFIED, deliveries };
}
