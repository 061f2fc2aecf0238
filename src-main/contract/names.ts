/**
 * Operation names without zod, for the preload bundle (which must stay small and
 * CommonJS). `test/contract/names.test.ts` keeps this list equal to the contract's keys.
 */
export const OPERATION_NAMES = [
  'health', 'getInfo', 'listEndpoints', 'createEndpoint', 'updateEndpoint', 'deleteEndpoint',
  'markEndpointRead', 'clearEndpointRequests', 'listRequests', 'getFacets', 'getRequest',
  'deleteRequest', 'verifyRequest', 'replayRequest', 'replayMany', 'retryDelivery', 'retryFailed',
  'getCurl', 'exportHar', 'exportJson', 'importHar', 'listSampleEvents', 'sendTestEvent',
  'getTunnel', 'setTunnel',
] as const;

export const IPC_PREFIX = 'hookbay:';
export const IPC_EVENT_CHANNEL = 'hookbay:event';
