/** A progress bar on a TTY, and nothing elsewhere (pipes, --json, CI logs). */
import type { SingleBar } from 'cli-progress';
import type { ProgressFn } from '../progress.js';

export function progressBar(enabled: boolean): { update: ProgressFn; stop: () => void } {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  // Loaded only when a bar is drawn: most runs (scripts, CI) never need it.
  let bar: SingleBar | undefined;
  let stopped = false;
  const loading = import('cli-progress').then(({ default: cliProgress }) => {
    bar = new cliProgress.SingleBar(
      { format: ' {bar} {value}/{total} {what}', clearOnComplete: true, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
  });
  let started = false;
  return {
    update: (p) => {
      if (bar === undefined || stopped) return;
      if (!started) {
        bar.start(p.total, p.done, { what: p.what });
        started = true;
      } else {
        bar.setTotal(p.total);
        bar.update(p.done, { what: p.what });
      }
    },
    stop: () => {
      stopped = true;
      void loading.then(() => {
        if (started) bar?.stop();
      });
    },
  };
}
