// Compiles src/ and templates/ into dist/ once, so a run starts from plain JavaScript instead of
// compiling TypeScript on the fly (tsx's loader cost about 0.4 s of every process).
// Packages stay external: they load from node_modules as they are.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function build() {
  const { build: esbuild } = await import('esbuild');
  await esbuild({
    absWorkingDir: ROOT,
    entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts', worker: 'src/batch/worker.ts' },
    outdir: 'dist',
    bundle: true,
    // Split at dynamic imports, so `validate` and `import` start without loading the renderers.
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
  await build();
  if (!process.argv.includes('--quiet')) console.error(`built dist/ in ${Date.now() - started} ms`);
}
