import { createStore } from 'zustand/vanilla';
import type { ApiError, Health, HookbayBridge, Problem } from '@contract';
import { toApiError } from '../bridge/api-error';

export interface HealthState {
  /** Last known health: `degraded` while storage fails; whether the relay is paused. */
  health: Health | null;
  /** Background problems pushed since the page opened that the user has not dismissed (newest last, at most 3). */
  recent: Problem[];
  busy: boolean;
  error: ApiError | null;
}

export type HealthStore = ReturnType<typeof createHealthStore>;

/** What the banner shows: storage failing, relay paused, problems pushed by the core. Actions never reject. */
export function createHealthStore(bridge: HookbayBridge) {
  const store = createStore<HealthState>()(() => ({ health: null, recent: [], busy: false, error: null }));
  const { setState: set } = store;
  /** An answer is older than any health pushed while it was on its way (see tunnel-store). */
  let pushed = 0;

  const call = async (fn: () => Promise<Health>) => {
    const before = pushed;
    set({ busy: true, error: null });
    try {
      const health = await fn();
      set(pushed === before ? { health, busy: false } : { busy: false });
    } catch (err) {
      set({ error: toApiError(err), busy: false });
    }
  };

  return {
    ...store,
    load: () => call(() => bridge.health({})),
    resumeRelay: () => call(() => bridge.resumeRelay({})),
    apply(health: Health) {
      pushed++;
      set({ health });
    },
    /** Storage problems live in `health` (they clear when a write succeeds); others are listed until dismissed. */
    addProblems(problems: Problem[]) {
      const background = problems.filter((p) => p.kind !== 'storage');
      if (background.length > 0) set((s) => ({ recent: [...s.recent, ...background].slice(-3) }));
    },
    dismiss(problem: Problem) {
      set((s) => ({ recent: s.recent.filter((p) => p !== problem) }));
    },
  };
}
