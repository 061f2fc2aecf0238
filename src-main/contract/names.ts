/**
 * Operation names without zod, for the preload bundle (which must stay small and
 * CommonJS). `test/contract/names.test.ts` keeps this list equal to the contract's keys.
 */
export const OPERATION_NAMES = [
  'health', 'getInfo', 'listEndpoints', 'createEndpoint', 'updateEndpoint', 'deleteEndpoint',
  'markEndpointRead', 'clearEndpointRequests', 'listRequests', 'getFacets', 'getRequest',
  'deleteRequest', 'deleteRequests', 'verifyRequest', 'replayRequest', 'replayMany', 'retryDelivery', 'retryFailed',
  'getCurl', 'exportHar', 'exportJson', 'saveExport', 'importHar', 'listSampleEvents', 'sendTestEvent',
  'getTunnel', 'setTunnel', 'pauseRelay', 'resumeRelay',
] as const;

export const IPC_PREFIX = 'hookbay:';
export const IPC_EVENT_CHANNEL = 'hookbay:event';

/**
 * The ready marker end-to-end tests wait on: the renderer sets this attribute on
 * `document.documentElement` (value: anything) once it has rendered its first data, in the
 * desktop window and in the browser alike. Tests wait for `html[data-hookbay-ready]`.
 */
export const READY_ATTRIBUTE = 'data-hookbay-ready';
