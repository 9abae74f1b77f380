// Compiles src/ and templates/ into dist/ once, so a run starts from plain JavaScript instead of
// compiling TypeScript on the fly (tsx's loader cost about 0.4 s of every process).
// Packages stay external: they load from node_modules as they are.
// `--release` (npm pack's prepack) starts from an empty dist/ and adds the .d.ts files.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function build() {
  const { build: esbuild } = await import('esbuild');
  await esbuild({
    absWorkingDir: ROOT,
    entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts', template: 'src/template.ts', worker: 'src/batch/worker.ts' },
    outdir: 'dist',
    bundle: true,
    // Split at dynamic imports, so `validate` and `import` start without loading the renderers.
    // A user's template imports dist/template.js: the split keeps one copy of what it shares with the CLI.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    jsx: 'automatic',
    jsxImportSource: 'satori/jsx',
    logLevel: 'warning',
  });
}

/** The declarations of the public entry points (dist/types), for TypeScript users of the package. */
export function buildTypes() {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** dist/ is missing, or older than a source file: someone edited src/ since the last build. */
export function isStale() {
  try {
    const built = statSync(join(ROOT, 'dist/cli.js')).mtimeMs;
    return ['src', 'templates'].some((dir) => newest(join(ROOT, dir)) > built);
  } catch {
    return true;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const release = process.argv.includes('--release');
  // Chunks are named by their hash: without a clean start, old ones would ship in the tarball.
  if (release) rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
  await build();
  if (release) buildTypes();
  if (!process.argv.includes('--quiet')) console.error(`built dist/${release ? ' and its types' : ''} in ${Date.now() - started} ms`);
}
