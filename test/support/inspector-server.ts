import { startHeadless } from '../../src-main/headless/serve';
import { tempDir } from './temp';

/** What a renderer test needs of a real `hookbay serve`: the API, the receiver and the token. */
export interface InspectorServer {
  apiUrl: string;
  receiverUrl: string;
  token: string;
  close(): Promise<void>;
}

/**
 * A real headless Hookbay on loopback ports with a fresh data directory, for renderer tests
 * that drive the stores over the real HTTP + SSE bridge. Renderer tests load this module at
 * run time (their TypeScript program has DOM types, not Node's) and declare its shape.
 */
export async function startInspectorServer(): Promise<InspectorServer> {
  const tmp = tempDir('hookbay-renderer-');
  const h = await startHeadless({ core: { dataDir: tmp.dir, receiverPort: 0 }, uiPort: 0, rendererDir: null });
  return {
    apiUrl: h.apiUrl,
    receiverUrl: h.app.receiverUrl,
    token: h.token,
    async close() {
      await h.close();
      tmp.remove();
    },
  };
}
