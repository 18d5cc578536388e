// Children a test starts `detached` (the launcher, with Next, the sidecar and the worker under it)
// lead their own process group: killing the child alone leaves the rest running. Each one is
// registered here the moment it is spawned, before any wait, so its whole group is killed when the
// test file ends (`killChildGroups` in an afterAll of the setup files) or the test process exits,
// whatever happened to the beforeAll that started it.
import type { ChildProcess } from 'node:child_process';

const groups = new Set<ChildProcess>();

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // the group is gone already
  }
}

/** Registers a detached child; returns a stop that ends its group (SIGTERM, SIGKILL after `graceMs`). */
export function trackChildGroup(child: ChildProcess, graceMs = 10_000): () => Promise<void> {
  groups.add(child);
  child.once('exit', () => groups.delete(child));
  return async () => {
    if (alive(child)) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    groups.delete(child);
  };
}

/** Kills every registered group still running (SIGKILL: at the end nothing waits for a clean stop). */
export function killChildGroups(): void {
  for (const child of groups) if (alive(child)) killGroup(child, 'SIGKILL');
  groups.clear();
}

process.once('exit', killChildGroups);
