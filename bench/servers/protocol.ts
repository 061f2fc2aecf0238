/**
 * Every bench server is a child process that prints `READY <port>` once listening and,
 * on SIGTERM, `RECORDED <n>` (how many requests it kept) before exiting. The runner pins
 * each one to the same CPU, so they compete on equal terms.
 */
export function announceReady(port: number): void {
  process.stdout.write(`READY ${port}\n`);
}

export function onStop(recorded: () => number | Promise<number>, close: () => Promise<void> | void = () => {}): void {
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      const n = await recorded();
      process.stdout.write(`RECORDED ${n}\n`);
      await close();
      process.exit(0);
    })();
  });
}
