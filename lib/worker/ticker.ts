// The worker's one timer: runs a job every interval (the first run soon after start); a tick while
// the previous run is still going is skipped, not queued; stop() waits for a run in progress.
export interface Ticker {
  /** Stops ticking; resolves once a run in progress has finished. */
  stop(): Promise<void>;
}

/** `run` reports its own failures (it is given none to throw): a rejection is ignored so the next tick runs. */
export function startTicker(run: () => Promise<void>, intervalMs: number, firstAfterMs: number): Ticker {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    running = run()
      .catch(() => {})
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(tick, intervalMs);
  const first = setTimeout(tick, Math.min(intervalMs, firstAfterMs));
  return {
    async stop() {
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
  };
}
