/** What the Node, Deno and Bun launchers share: a runtime's binary, and a host run as a child process. */
export { type BinarySpec, binaryAvailability, findBinary, packageVersion, requireBinary } from './local-binary.js';
export { type PinnedBinary, knownV8Flags, pinnedAvailability, tierFlagsFor } from './pinned-binary.js';
export { spawnHost } from './spawn-host.js';
