/**
 * What the user sees while a runtime version downloads: on a terminal, one
 * line rewritten in place; elsewhere (CI logs, pipes), a line when it starts
 * and one when it is done.
 */
import type { DownloadProgress, ProgressListener } from '@racelab/runtime-versions';

/** Rewrites the terminal line at most this often. */
const REDRAW_MS = 100;

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  if (bytes >= 2 ** 10) return `${(bytes / 2 ** 10).toFixed(0)} KiB`;
  return `${bytes} B`;
}

/** A listener that writes each download's progress to `stream`. */
export function downloadProgress(stream: NodeJS.WriteStream = process.stderr): ProgressListener {
  const started = new Map<string, number>();
  let lastDraw = 0;
  return (progress: DownloadProgress) => {
    const key = `${progress.package}@${progress.version}`;
    const what = `${progress.runtime} ${progress.version} (${progress.package}`;
    const now = Date.now();
    if (!started.has(key)) {
      started.set(key, now);
      const size = progress.total === undefined ? '' : `, ${formatBytes(progress.total)}`;
      if (!stream.isTTY) stream.write(`Downloading ${what}${size}) into racelab's cache…\n`);
    }
    if (progress.done) {
      const seconds = ((now - started.get(key)!) / 1000).toFixed(1);
      stream.write(`${stream.isTTY ? '\r\x1b[K' : ''}Downloaded ${what}, ${formatBytes(progress.received)}) in ${seconds} s, integrity checked\n`);
      return;
    }
    if (!stream.isTTY || now - lastDraw < REDRAW_MS) return;
    lastDraw = now;
    const share = progress.total ? ` ${Math.floor((100 * progress.received) / progress.total)}%` : '';
    const of = progress.total ? ` of ${formatBytes(progress.total)}` : '';
    stream.write(`\r\x1b[KDownloading ${what}) ${formatBytes(progress.received)}${of}${share}`);
  };
}

/** Download progress and notes on stderr, or nothing when the command is quiet. */
export function versionListeners(quiet: boolean): { onProgress?: ProgressListener; onNote?: (text: string) => void } {
  if (quiet) return {};
  return { onProgress: downloadProgress(), onNote: (text) => process.stderr.write(`racelab: ${text}\n`) };
}
