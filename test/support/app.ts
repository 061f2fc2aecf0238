import type { HookbayApi, OperationName } from '../../src-main/contract';
import { OPERATION_NAMES } from '../../src-main/contract/names';
import { callOperation } from '../../src-main/core/transport';
import type { HookbayConfigInput } from '../../src-main/core/config';
import { Hookbay } from '../../src-main/core/hookbay';
import { createHandlers } from '../../src-main/core/service';
import { tempDir } from './temp';

export interface TestApp {
  app: Hookbay;
  /** The contract as the transports serve it: input parsed by zod, errors thrown as ApiErrors. */
  api: HookbayApi;
  dataDir: string;
  /** `http://127.0.0.1:<port>` of the receiver. */
  receiver: string;
  stop(): Promise<void>;
}

/** A real core on a real SQLite file in a fresh temp dir, receiver on a free port. */
export async function startTestApp(config: Partial<HookbayConfigInput> = {}): Promise<TestApp> {
  const tmp = tempDir();
  const app = await Hookbay.start({ dataDir: tmp.dir, receiverPort: 0, ...config });
  return {
    app,
    api: contractClient(createHandlers(app)),
    dataDir: tmp.dir,
    receiver: app.receiverUrl,
    stop: async () => {
      await app.close();
      tmp.remove();
    },
  };
}

/** Calls handlers the way IPC and HTTP do (zod parse, error shaping), throwing `{ code, message }`. */
export function contractClient(handlers: ReturnType<typeof createHandlers>): HookbayApi {
  const api = {} as Record<OperationName, (input: unknown) => Promise<unknown>>;
  for (const name of OPERATION_NAMES) {
    api[name] = async (input: unknown) => {
      const result = await callOperation(handlers, name, input);
      if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
      return result.value;
    };
  }
  return api as unknown as HookbayApi;
}
