/** The launcher contract lives in core, shared with runtimes/browser; re-exported for the harness's own launchers. */
export type { Availability, HostEnd, HostSession, RuntimeLauncher } from '@racelab/core';
