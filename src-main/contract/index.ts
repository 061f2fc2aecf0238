/**
 * The one contract: every call the UI can make, as zod schemas for input and output.
 * The IPC layer (desktop) and the HTTP API (headless) both register handlers from this
 * map and both `safeParse` every input at the boundary. The renderer imports this module
 * and nothing else from src-main: its types, the schemas its forms validate with, the
 * routes its HTTP bridge calls, and the pure filter language. The preload imports only
 * the zod-free `names.ts`.
 */
import { z } from 'zod';
import { Ok } from './common';
import { Endpoint, EndpointInput, EndpointPatch } from './endpoints';
import { Health } from './health';
import { BulkReplayInput, ExportInput, ImportHarInput, ReplayInput, ReplayResult, SaveExportInput, SavedExport } from './relay';
import { Delivery, Facets, ListRequestsInput, RequestDetail, RequestFilter, RequestPage } from './requests';
import { SampleEvent, SendTestEventInput } from './samples';
import { TunnelSettings, TunnelStatus } from './tunnel';
import { Verification } from './verification';
import { IntParam } from './common';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Operation<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** HTTP route; `:name` segments become input fields. GET/DELETE read the query string, others the JSON body. */
  http: { method: HttpMethod; path: string; status?: number };
  summary: string;
}

const op = <I extends z.ZodType, O extends z.ZodType>(o: Operation<I, O>): Operation<I, O> => o;
const Empty = z.object({}).strict();
const ById = z.object({ id: IntParam });
const ByEndpointId = z.object({ id: z.string().min(1) });

export const Info = z.object({
  version: z.string(),
  receiverUrl: z.string(),
  dataDir: z.string(),
  /** How endpoint secrets are stored at rest, in words the UI can show. */
  secretStorage: z.string(),
  mode: z.enum(['desktop', 'headless']),
});
export type Info = z.infer<typeof Info>;

export const contract = {
  health: op({
    input: Empty,
    output: Health,
    http: { method: 'GET', path: '/api/health' },
    summary: 'Liveness, version, `degraded` while storage fails, and whether the relay is paused.',
  }),
  getInfo: op({
    input: Empty,
    output: Info,
    http: { method: 'GET', path: '/api/info' },
    summary: 'Receiver URL, data directory, secret storage and mode.',
  }),
  listEndpoints: op({
    input: Empty,
    output: z.array(Endpoint),
    http: { method: 'GET', path: '/api/endpoints' },
    summary: 'All endpoints, the built-in `default` first.',
  }),
  createEndpoint: op({
    input: EndpointInput,
    output: Endpoint,
    http: { method: 'POST', path: '/api/endpoints', status: 201 },
    summary: 'Create an endpoint; 400 names the invalid field, 409 a taken slug.',
  }),
  updateEndpoint: op({
    input: EndpointPatch.extend({ id: z.string().min(1) }),
    output: Endpoint,
    http: { method: 'PATCH', path: '/api/endpoints/:id' },
    summary: 'Change an endpoint; signature results are recomputed when `verify` changes.',
  }),
  deleteEndpoint: op({
    input: ByEndpointId,
    output: Ok,
    http: { method: 'DELETE', path: '/api/endpoints/:id' },
    summary: 'Delete an endpoint and its requests (the built-in one cannot be deleted).',
  }),
  markEndpointRead: op({
    input: ByEndpointId,
    output: Ok,
    http: { method: 'POST', path: '/api/endpoints/:id/read' },
    summary: 'Reset the unread count.',
  }),
  clearEndpointRequests: op({
    input: ByEndpointId,
    output: z.object({ deleted: z.number().int() }),
    http: { method: 'DELETE', path: '/api/endpoints/:id/requests' },
    summary: "Delete all of an endpoint's captured requests.",
  }),
  listRequests: op({
    input: ListRequestsInput,
    output: RequestPage,
    http: { method: 'GET', path: '/api/requests' },
    summary: 'Captured requests, newest first, keyset-paginated; `q` is full-text.',
  }),
  getFacets: op({
    input: RequestFilter,
    output: Facets,
    http: { method: 'GET', path: '/api/facets' },
    summary: 'Counts by method, event type, signature and delivery state for a filter.',
  }),
  getRequest: op({
    input: ById,
    output: RequestDetail,
    http: { method: 'GET', path: '/api/requests/:id' },
    summary: 'One request, byte-exact, with verification and deliveries.',
  }),
  deleteRequest: op({
    input: ById,
    output: Ok,
    http: { method: 'DELETE', path: '/api/requests/:id' },
    summary: 'Delete one request.',
  }),
  deleteRequests: op({
    input: z.object({ ids: z.array(z.number().int()).min(1).max(10_000) }),
    output: z.object({ deleted: z.number().int() }),
    http: { method: 'POST', path: '/api/requests/delete' },
    summary: 'Delete a selection of requests; ids already gone are skipped.',
  }),
  verifyRequest: op({
    input: ById,
    output: Verification,
    http: { method: 'POST', path: '/api/requests/:id/verify' },
    summary: "Re-verify a request against its endpoint's current scheme and secrets.",
  }),
  replayRequest: op({
    input: ReplayInput,
    output: ReplayResult,
    http: { method: 'POST', path: '/api/requests/:id/replay', status: 201 },
    summary: 'Replay, optionally edited and re-signed, to the targets or another URL.',
  }),
  replayMany: op({
    input: BulkReplayInput,
    output: z.object({ replayed: z.array(ReplayResult) }),
    http: { method: 'POST', path: '/api/replay', status: 201 },
    summary: 'Replay a selection, or everything matching a filter.',
  }),
  retryDelivery: op({
    input: ById,
    output: Delivery,
    http: { method: 'POST', path: '/api/deliveries/:id/retry' },
    summary: 'Retry a failed delivery now.',
  }),
  retryFailed: op({
    input: ByEndpointId,
    output: z.object({ retried: z.number().int() }),
    http: { method: 'POST', path: '/api/endpoints/:id/retry-failed' },
    summary: 'Retry every failed delivery of an endpoint.',
  }),
  getCurl: op({
    input: ById,
    output: z.object({ command: z.string() }),
    http: { method: 'GET', path: '/api/requests/:id/curl' },
    summary: 'The request as a cURL command that reproduces it byte-exact.',
  }),
  exportHar: op({
    input: ExportInput,
    output: z.record(z.string(), z.unknown()),
    http: { method: 'POST', path: '/api/export/har' },
    summary: 'Export requests as HAR 1.2.',
  }),
  exportJson: op({
    input: ExportInput,
    output: z.object({ requests: z.array(RequestDetail) }),
    http: { method: 'POST', path: '/api/export/json' },
    summary: 'Export requests as Hookbay JSON (byte-exact, base64 bodies).',
  }),
  saveExport: op({
    input: SaveExportInput,
    output: SavedExport,
    http: { method: 'POST', path: '/api/export/file' },
    summary:
      'Write an export of any size to a file, one request at a time: the desktop app asks where with a save dialog (`saved: false` if cancelled); over HTTP it is written to `<data>/exports/`.',
  }),
  importHar: op({
    input: ImportHarInput,
    output: z.object({ imported: z.number().int(), ids: z.array(z.number().int()) }),
    http: { method: 'POST', path: '/api/import/har', status: 201 },
    summary: 'Import the requests of a HAR file.',
  }),
  listSampleEvents: op({
    input: Empty,
    output: z.array(SampleEvent),
    http: { method: 'GET', path: '/api/samples' },
    summary: "Realistic sample events (Stripe, GitHub, Shopify, Slack, Standard Webhooks, Svix and the seed providers), for test sends and `hookbay trigger`.",
  }),
  sendTestEvent: op({
    input: SendTestEventInput,
    output: z.object({ requestId: z.number().int().nullable(), status: z.number().int() }),
    http: { method: 'POST', path: '/api/endpoints/:id/test-event', status: 201 },
    summary: "Sign a sample event with the endpoint's scheme and send it to the receiver.",
  }),
  getTunnel: op({
    input: Empty,
    output: TunnelStatus,
    http: { method: 'GET', path: '/api/tunnel' },
    summary: 'Tunnel status.',
  }),
  setTunnel: op({
    input: TunnelSettings,
    output: TunnelStatus,
    http: { method: 'PUT', path: '/api/tunnel' },
    summary: 'Open or close the tunnel.',
  }),
  pauseRelay: op({
    input: Empty,
    output: Health,
    http: { method: 'POST', path: '/api/relay/pause' },
    summary: 'Stop sending forwards; captures queue their deliveries.',
  }),
  resumeRelay: op({
    input: Empty,
    output: Health,
    http: { method: 'POST', path: '/api/relay/resume' },
    summary: 'Send forwards again (after `hookbay serve --safe` or a pause), the queued ones first.',
  }),
} as const satisfies Record<string, Operation>;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export type InputOf<K extends OperationName> = z.input<Contract[K]['input']>;
export type ParsedInputOf<K extends OperationName> = z.output<Contract[K]['input']>;
export type OutputOf<K extends OperationName> = z.output<Contract[K]['output']>;

/** What both transports serve: one async function per operation, given parsed input. */
export type Handlers = { [K in OperationName]: (input: ParsedInputOf<K>) => Promise<OutputOf<K>> };

/** What the renderer calls: one async function per operation, given raw input. */
export type HookbayApi = { [K in OperationName]: (input: InputOf<K>) => Promise<OutputOf<K>> };

export * from './common';
export * from './endpoints';
export * from './events';
export * from './fields';
export * from './filter-query';
export * from './health';
export * from './relay';
export * from './replay-targets';
export * from './requests';
export * from './samples';
export * from './tunnel';
export * from './verification';
export type { HookbayBridge } from './bridge';
export { READY_ATTRIBUTE } from './names';
