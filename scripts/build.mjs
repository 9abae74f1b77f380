// Compiles src/ and templates/ into dist/ once, so a run starts from plain JavaScript instead of
// compiling TypeScript on the fly (tsx's loader cost about 0.4 s of every process).
// Packages stay external: they load from node_modules as they are.
import { build } from 'esbuild';

const started = Date.now();
await build({
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
if (!process.argv.includes('--quiet')) console.error(`built dist/ in ${Date.now() - started} ms`);
