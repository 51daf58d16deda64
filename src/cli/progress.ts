import { createRequire } from "node:module";
import type * as CliProgress from "cli-progress";
import { escapeControl, truncateText } from "../scenario/display-text.js";

/**
 * A progress bar on stderr when stderr is a terminal; nothing at all
 * otherwise, so piped JSON and CI logs stay clean. Wall-clock reads for the
 * ETA happen inside cli-progress, here in the CLI, never in the simulation.
 */
export function progressReporter(label: string): { update: (done: number, total: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  // Loaded only for a terminal (it is CommonJS, so this synchronous require is the same module an import gives).
  const cliProgress = createRequire(import.meta.url)("cli-progress") as typeof CliProgress;
  const bar = new cliProgress.SingleBar(
    // The label is a scenario's name: escaped and cut, and its braces kept from cli-progress's template.
    { stream: process.stderr, format: `${truncateText(escapeControl(label), 60).replace(/[{}]/g, "")} [{bar}] {value}/{total} replications | {eta_formatted} left`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
