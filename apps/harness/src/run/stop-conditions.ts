/**
 * Why a run stops before its end: the user interrupted it (SIGINT, SIGTERM;
 * only what finished is kept) or it reached `--max-time` (what did not finish
 * becomes a `timeout`). One signal carries both to every host session.
 */

/** Why a run stops early: an interruption (SIGINT, SIGTERM) or `--max-time`. */
export interface StopRequest {
  readonly reason: string;
  readonly interrupted: boolean;
}

/** The stop signal of one run; `dispose` when the run is over. */
export interface StopConditions {
  /** Aborted with a {@link StopRequest} as its reason. */
  readonly signal: AbortSignal;
  dispose(): void;
}

/** One signal for every reason to stop early: the user's interruption and `--max-time`. */
export function stopConditions(options: {
  /** Aborted, with the signal's name as the reason, when the user interrupts the run. */
  readonly signal?: AbortSignal;
  /** Stop after this long. */
  readonly maxTimeMs?: number | null;
}): StopConditions {
  const controller = new AbortController();
  const request = (r: StopRequest) => {
    if (!controller.signal.aborted) controller.abort(r);
  };
  const onInterrupt = () => request({ reason: `interrupted by ${String(options.signal?.reason ?? 'the user')}`, interrupted: true });
  if (options.signal?.aborted) onInterrupt();
  options.signal?.addEventListener('abort', onInterrupt, { once: true });
  const timer =
    options.maxTimeMs != null
      ? setTimeout(() => request({ reason: `the run reached --max-time (${options.maxTimeMs} ms)`, interrupted: false }), options.maxTimeMs)
      : undefined;
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onInterrupt);
    },
  };
}
