/** A progress bar on a TTY, and nothing elsewhere (pipes, --json, CI logs). */
import cliProgress from 'cli-progress';
import type { ProgressFn } from '../progress.js';

export function progressBar(enabled: boolean): { update: ProgressFn; stop: () => void } {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: ' {bar} {value}/{total} {what}', clearOnComplete: true, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (p) => {
      if (!started) {
        bar.start(p.total, p.done, { what: p.what });
        started = true;
      } else {
        bar.setTotal(p.total);
        bar.update(p.done, { what: p.what });
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
