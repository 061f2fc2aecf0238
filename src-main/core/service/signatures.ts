import type { Handlers } from '../../contract';
import type { VerifyConfig } from '../../contract/verification';
import { endpointPath } from '../endpoints/route';
import { endpointLocalUrl, requestPublicUrl } from '../endpoints/urls';
import { HookbayError, notFound } from '../errors';
import { SigningError, verifyConfigIssues } from '../signatures';
import { rankedVerdictFor } from '../signatures/capture-verdict';
import { SAMPLE_EVENTS } from '../signatures/samples';
import { signedTestEvent } from '../signatures/test-event';
import type { CoreContext } from './context';

/** Rejects an unknown scheme or invalid custom options with the field named. */
export function assertValidVerify(verify: VerifyConfig | null | undefined): void {
  const issues = verifyConfigIssues(verify);
  if (issues.length > 0) throw new HookbayError('invalid_input', `${issues[0]!.path}: ${issues[0]!.message}`, issues);
}

export function signatureHandlers(
  app: Pick<CoreContext, 'requests' | 'endpoints' | 'publicBaseUrl' | 'receiverUrl' | 'announceUpdate'>,
): Pick<Handlers, 'verifyRequest' | 'listSampleEvents' | 'sendTestEvent'> {
  return {
    verifyRequest: async ({ id }) => {
      const r = app.requests.get(id);
      if (!r) throw notFound(`Request ${id}`);
      const endpoint = app.endpoints.byIdOrSlug(r.endpointId);
      if (!endpoint) throw notFound(`Endpoint ${r.endpointId}`);
      const v = rankedVerdictFor(app, r, endpoint);
      app.requests.setVerification(id, v);
      app.announceUpdate(id);
      return v;
    },
    listSampleEvents: async () => [...SAMPLE_EVENTS],
    sendTestEvent: async ({ id, provider, eventType, body, tamper }) => {
      const endpoint = app.endpoints.byIdOrSlug(id);
      if (!endpoint) throw notFound(`Endpoint ${id}`);
      const sample = SAMPLE_EVENTS.find((s) => s.provider === provider && s.eventType === eventType);
      if (!sample) {
        throw new HookbayError('invalid_input', `There is no sample event "${eventType}" for "${provider}".`, [{ path: 'eventType', message: 'unknown sample event' }]);
      }
      const path = endpointPath(endpoint);
      const localUrl = endpointLocalUrl(endpoint, app.receiverUrl);
      let event;
      try {
        event = signedTestEvent(sample, {
          verify: endpoint.verify,
          path,
          // Without a public URL the verifier falls back to the Host header, i.e. the local URL.
          url: requestPublicUrl(endpoint, app.publicBaseUrl, path) ?? localUrl,
          body,
          tamper: tamper === true,
          now: Date.now(),
        });
      } catch (err) {
        if (err instanceof SigningError) throw new HookbayError('invalid_input', err.message, [{ path: 'verify', message: err.message }]);
        throw err;
      }
      const res = await fetch(localUrl, { method: 'POST', headers: event.headers, body: event.body });
      await res.arrayBuffer();
      const requestId = res.headers.get('X-Hookbay-Request-Id');
      return { requestId: requestId === null ? null : Number(requestId), status: res.status };
    },
  };
}
