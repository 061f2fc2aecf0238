import { create } from 'zustand';

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'success' | 'error';
}

interface NoticeState {
  notices: Notice[];
}

export const useNoticeStore = create<NoticeState>(() => ({ notices: [] }));

let nextId = 1;

/** Short confirmations ("Copied", "Replayed as #12"); errors belong next to what failed. */
export const notices = {
  show(text: string, tone: Notice['tone'] = 'success', ms = 3500) {
    const id = nextId++;
    useNoticeStore.setState((s) => ({ notices: [...s.notices.slice(-3), { id, text, tone }] }));
    setTimeout(() => notices.dismiss(id), ms);
  },
  dismiss(id: number) {
    useNoticeStore.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  },
};
