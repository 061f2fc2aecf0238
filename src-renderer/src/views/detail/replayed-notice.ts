import type { ReplayResult } from '@contract';

/** The confirmation after a replay, the same from the detail pane and from the editor. */
export const replayedNotice = (result: ReplayResult): string => `Replayed as #${result.requestId}${result.resigned ? ' (re-signed)' : ''}`;
