import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainLoopSection, runMainLoopBench } from './main-loop';
import { tempDir } from '../test/support/temp';

// The core worker comes from the app's build (`npm run build`); without it there is nothing to place.
const workerFile = path.resolve(__dirname, '../out/main/core-worker.js');

describe.skipIf(!fs.existsSync(workerFile))('main-loop bench (smoke: tiny stores)', () => {
  it('measures loop delay and every UI call for both placements of the core', async () => {
    const tmp = tempDir();
    try {
      const r = await runMainLoopBench({ sizes: [200, 400], seconds: 1, rate: 20, cycleMs: 200, scratchDir: tmp.dir, workerFile, log: () => undefined });
      expect(r.runs.map((x) => `${x.size} ${x.placement}`)).toEqual(['200 in-thread', '200 worker', '400 in-thread', '400 worker']);
      for (const run of r.runs) {
        expect(run.webhooksAcked).toBeGreaterThan(0);
        for (const c of Object.values(run.calls)) expect(c.n).toBeGreaterThan(0);
      }
      const s = mainLoopSection(r);
      expect(s.markdown).toContain('getFacets (unfiltered)');
      expect(s.summary).toHaveLength(2);
      expect(r.idle).toHaveLength(2);
      expect(s.markdown).toContain('idle floor');
      expect(r.transports.map((t) => t.kind)).toEqual(['worker thread', 'child process']);
    } finally {
      tmp.remove();
    }
  }, 120_000);
});
