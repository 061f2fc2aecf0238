import type { CaptureWriter } from '../capture/capture-writer';
import type { SearchIndex } from '../capture/search-index';
import type { ManagedEndpoints } from '../endpoints/managed';
import type { EventBus } from '../events';
import type { Problems } from '../problems';
import type { ForwardContext, Relay } from '../relay/relay';
import type { EndpointStore } from '../store/endpoint-store';
import type { RequestStore } from '../store/request-store';
import type { SettingsStore } from '../store/settings-store';
import type { TunnelSettings } from '../../contract/tunnel';
import type { Tunnel } from '../tunnel';

/**
 * What the contract's handlers may use of the core: its stores and domains, narrowed to
 * the calls handlers make, and a few facts. `Hookbay` satisfies it; each handler group
 * takes a `Pick` of it, so what a group can touch is visible in its signature.
 */
export interface CoreContext {
  readonly events: Pick<EventBus, 'emit'>;
  readonly endpoints: EndpointStore;
  readonly managed: Pick<ManagedEndpoints, 'of'>;
  readonly requests: RequestStore;
  readonly settings: Pick<SettingsStore, 'set'>;
  readonly search: Pick<SearchIndex, 'catchUp'>;
  readonly writer: Pick<CaptureWriter<ForwardContext>, 'write'>;
  readonly relay: Pick<Relay, 'deliveriesOf' | 'delivery' | 'retry' | 'retryFailed' | 'pause' | 'resume'>;
  readonly problems: Pick<Problems, 'health'>;
  readonly tunnel: Pick<Tunnel, 'status' | 'start' | 'stop'>;
  readonly receiverUrl: string;
  /** The tunnel's public URL while it is online. */
  readonly publicBaseUrl: string | null;
  readonly config: { readonly dataDir: string };
  readonly secretStorage: string;
  readonly mode: 'desktop' | 'headless';
  /** Saves the tunnel setting, its tokens through the secret codec. */
  saveTunnelSettings(settings: TunnelSettings): void;
  /** The saved tunnel setting with its tokens decoded (unvalidated: it may predate the contract). */
  loadTunnelSettings(): unknown;
  /** Whether a URL reaches this Hookbay's own receiver (a forward there would loop). */
  leadsToOwnReceiver(url: string): boolean;
  /** Re-reads a stored request's summary and tells the UI it changed. */
  announceUpdate(id: number): void;
  /** Recomputes an endpoint's stored verdicts in the background; resolves with how many changed. */
  reverify(endpointId: string): Promise<number>;
}
