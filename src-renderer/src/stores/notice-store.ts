import { createStore } from 'zustand/vanilla';

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'success' | 'error';
}

export interface NoticeState {
  notices: Notice[];
}

export type NoticeStore = ReturnType<typeof createNoticeStore>;

/** Short confirmations ("Copied", "Replayed as #12"); errors belong next to what failed. */
export function createNoticeStore() {
  const store = createStore<NoticeState>()(() => ({ notices: [] }));
  const { setState: set } = store;
  let nextId = 1;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const notices = {
    ...store,
    show(text: string, tone: Notice['tone'] = 'success', ms = 3500) {
      const id = nextId++;
      set((s) => ({ notices: [...s.notices.slice(-3), { id, text, tone }] }));
      const timer = setTimeout(() => {
        timers.delete(timer);
        notices.dismiss(id);
      }, ms);
      timers.add(timer);
    },
    dismiss(id: number) {
      set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    },
    dispose() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
  return notices;
}
