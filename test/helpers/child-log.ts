// Waits for a spawned server to say something on stderr: resolves on the data event that brings
// the line, fails with everything it said when it exits first or the time runs out. No polling.
import type { ChildProcess } from 'node:child_process';

/** Collects `child`'s stderr; `until(text)` resolves once it has appeared. */
export function childLog(child: ChildProcess): { text: () => string; until: (needle: string, timeoutMs?: number) => Promise<void> } {
  let log = '';
  const waiters = new Set<() => void>();
  child.stderr!.on('data', (d) => {
    log += d;
    for (const w of waiters) w();
  });
  return {
    text: () => log,
    until: (needle, timeoutMs = 45_000) => new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        waiters.delete(check);
        child.off('exit', exited);
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      };
      const check = () => { if (log.includes(needle)) done(); };
      const exited = (code: number | null) => done(new Error(`the process exited (${code}) before saying "${needle}":\n${log}`));
      const timer = setTimeout(() => done(new Error(`"${needle}" did not appear in ${timeoutMs} ms:\n${log}`)), timeoutMs);
      waiters.add(check);
      child.once('exit', exited);
      check();
    }),
  };
}
