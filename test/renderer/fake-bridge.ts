import type { HookbayBridge, HookbayEvent, InputOf, OperationName, OutputOf } from '@contract';
import { BridgeError } from '../../src-renderer/src/bridge/api-error';

type Answers = { [K in OperationName]?: (input: InputOf<K>) => OutputOf<K> | Promise<OutputOf<K>> };

/**
 * A bridge answering only the operations a test gives (others fail as the server would for
 * an unknown call), recording each call's name, with a hand to push events.
 */
export function fakeBridge(answers: Answers) {
  const calls: OperationName[] = [];
  const listeners = new Set<(event: HookbayEvent) => void>();
  const bridge = new Proxy({} as HookbayBridge, {
    get(_target, name: string) {
      if (name === 'onEvent') {
        return (listener: (event: HookbayEvent) => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        };
      }
      return async (input: never) => {
        calls.push(name as OperationName);
        const answer = answers[name as OperationName] as ((input: never) => unknown) | undefined;
        if (!answer) throw new BridgeError({ code: 'not_found', message: `${name} is not answered by this fake` });
        return answer(input);
      };
    },
  });
  return {
    bridge,
    calls,
    count: (name: OperationName) => calls.filter((c) => c === name).length,
    push: (event: HookbayEvent) => {
      for (const l of listeners) l(event);
    },
  };
}
