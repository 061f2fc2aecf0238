/**
 * Benches owned by the other areas, called from the one runner. Each returns markdown for
 * docs/benchmarks.md and a few summary lines. An area whose bench has not landed yet is
 * listed with a TODO line — never with a made-up number.
 */
import type { SectionResult } from './report';

export interface SectionContext {
  quick: boolean;
  scratchDir: string;
  log: (s: string) => void;
}

export interface ExtraSection {
  id: string;
  title: string;
  run(ctx: SectionContext): Promise<SectionResult>;
}

const todo = (id: string, what: string): ExtraSection => ({
  id,
  title: what,
  run: async () => ({
    markdown: `**TODO:** not measured — the ${id} bench has not landed on \`main\` yet.`,
    summary: [`${id}: TODO (not landed)`],
  }),
});

export const EXTRA_SECTIONS: ExtraSection[] = [
  todo('signatures', 'Signature verification'),
  todo('relay', 'Forwarding'),
  todo('tunnel', 'Tunnel'),
  todo('ui', 'UI (Chromium)'),
];
