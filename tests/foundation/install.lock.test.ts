import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/process.ts';

/**
 * `npm ci` installs exactly the lock file and refuses one that lacks a package npm would resolve
 * on the machine at hand. A lock written on Linux by an npm that prunes other platforms' optional
 * packages fails `npm ci` on macOS, Windows or Alpine, so the lock must name every platform build
 * of every native package. Regenerate it with `npm install --package-lock-only`.
 */
interface LockedPackage {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  engines?: Record<string, string> | string[];
}
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, LockedPackage> };
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Where npm would find `name` from the package at `from`: its own node_modules, then each parent's. */
function resolveLocked(from: string, name: string): LockedPackage | undefined {
  let dir = from;
  for (;;) {
    const hit = lock.packages[`${dir ? `${dir}/` : ''}node_modules/${name}`];
    if (hit) return hit;
    if (!dir) return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

/** The platforms `npm ci` must work on, as each native package names its builds. */
const PLATFORMS = ['linux-x64-gnu', 'linux-x64-musl', 'linux-arm64-gnu', 'darwin-x64', 'darwin-arm64', 'win32-x64-msvc'];

describe('the lock file `npm ci` installs from', () => {
  it('is in step with package.json', () => {
    const root = lock.packages['']!;
    expect(lock.lockfileVersion).toBe(3);
    expect(root.dependencies).toEqual(manifest.dependencies);
    expect(root.devDependencies).toEqual(manifest.devDependencies);
  });

  it('holds every optional dependency of every package, so each platform finds its native build', () => {
    const missing = Object.entries(lock.packages).flatMap(([at, pkg]) =>
      Object.keys(pkg.optionalDependencies ?? {})
        .filter((name) => !resolveLocked(at, name))
        .map((name) => `${at} -> ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('holds the Linux (glibc and musl), macOS and Windows builds of rollup, esbuild and resvg', () => {
    const builds = (prefix: string) => Object.keys(lock.packages).filter((k) => k.startsWith(`node_modules/${prefix}`)).map((k) => k.slice(`node_modules/${prefix}`.length));
    const rollup = builds('@rollup/rollup-');
    const resvg = builds('@resvg/resvg-js-');
    for (const platform of PLATFORMS) {
      expect(rollup, `rollup ${platform}`).toContain(platform);
      expect(resvg, `resvg ${platform}`).toContain(platform);
    }
    const esbuild = builds('@esbuild/');
    for (const platform of ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64']) expect(esbuild, `esbuild ${platform}`).toContain(platform);
  });
});

describe('the supported Node.js versions', () => {
  it('are ones every locked package declares it runs on', () => {
    const ours = manifest.engines.node;
    const refusing = Object.entries(lock.packages).flatMap(([at, pkg]) => {
      const theirs = pkg.engines && !Array.isArray(pkg.engines) ? pkg.engines.node : undefined;
      return at && theirs && !semver.subset(ours, theirs) ? [`${at.slice(at.lastIndexOf('node_modules/') + 13)}@${pkg.version ?? '?'} wants node ${theirs}`] : [];
    });
    expect(refusing).toEqual([]);
  });

  it('are a current LTS line', () => {
    // Node 24 is Active LTS from 24.11.0; Node 20 reached end of life on 2026-04-30.
    expect(semver.minVersion(manifest.engines.node)!.version).toBe('24.11.0');
    expect(semver.satisfies('20.20.0', manifest.engines.node)).toBe(false);
  });
});
