/**
 * Ctrl-C (SIGINT) and SIGTERM during a run: instead of dying with the results
 * of the current runtime half-kept, the harness aborts a signal; the run then
 * stops every host (and the workers, browsers and servers they started),
 * writes every finished result and exits 130.
 */

/**
 * Runs `body` with a signal that is aborted, with the signal's name, on SIGINT
 * or SIGTERM; `doing` is what the harness tells the user it does then.
 */
export async function whileInterruptible<T>(
  body: (signal: AbortSignal) => Promise<T>,
  doing = 'stopping the hosts and saving what finished',
): Promise<T> {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) return; // already stopping: a second Ctrl-C waits for the cleanup
    process.stderr.write(`\nracelab: ${name}: ${doing}\n`);
    controller.abort(name);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await body(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
