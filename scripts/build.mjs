// Compiles src/ and templates/ into dist/ once, so a run starts from plain JavaScript instead of
// compiling TypeScript on the fly (tsx's loader cost about 0.4 s of every process).
// Two builds: the ES modules (the library's entry points, the worker, and the CLI's light entry
// for --help, validate and import), with packages external; and dist/render.cjs, the render path
// in one minified script with its pure-JS packages inside, which bin/timeline-render.js runs
// through V8's code cache.
// `--release` (npm pack's prepack) starts from an empty dist/ and adds the .d.ts files.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Packages dist/render.cjs does not hold: native code, a binary, a file read from the package's
 * own folder (lcms-wasm's .wasm), or an ES module with top-level await.
 */
const RENDER_EXTERNAL = ['@resvg/resvg-js', 'esbuild', '@ffmpeg-installer/ffmpeg', 'lcms-wasm'];

/**
 * In the render bundle, a package file that reads import.meta.url (yargs for its locales, pdfkit for
 * its standard fonts and ICC profile) gets the address of its own file in node_modules, found when
 * it is first asked for.
 */
const packageFileUrls = {
  name: 'package-file-urls',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/].*\.m?js$/ }, ({ path }) => {
      const text = readFileSync(path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const [, name, file] = path.replaceAll('\\', '/').match(/.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/);
      return {
        contents: text.replaceAll('import.meta.url', `__packageFileUrl(${JSON.stringify(name)}, ${JSON.stringify(file)})`),
        loader: 'js',
      };
    });
  },
};

/**
 * import() of a user's file (a template, a .js config) or of an external package goes through the
 * bin's own import() (`__import`): on Node 20 a script compiled from V8's code cache has no
 * dynamic-import callback. import() of a bundled module stays, and esbuild inlines it.
 */
const dynamicImportsThroughBin = {
  name: 'dynamic-imports-through-bin',
  setup(build) {
    build.onLoad({ filter: /\.tsx?$/ }, ({ path }) => {
      if (!['src', 'templates'].some((dir) => path.startsWith(join(ROOT, dir)))) return undefined;
      const text = readFileSync(path, 'utf8').replace(
        /(typeof\s+)?\bimport\((\s*(['"`])([^'"`]*)\3)?/g,
        (all, type, literal, quote, name) => {
          if (type) return all;
          if (literal && quote !== '`' && (name.startsWith('.') || !RENDER_EXTERNAL.includes(name))) return all;
          return `__import(${literal ?? ''}`;
        },
      );
      return { contents: text, loader: path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

/**
 * dist/render.cjs: src/cli.ts and the packages it renders with, minified, as one function
 * expression that bin/timeline-render.js compiles with vm.Script (and V8's code cache) and calls
 * with a CommonJS module's arguments plus what stands for import.meta and import().
 */
async function buildRenderBundle(esbuild) {
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: ['src/cli.ts'],
    bundle: true,
    write: false,
    outfile: 'dist/render.cjs',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    // Packages' ES module builds: fontkit's and satori's, as the ES module build loads them.
    mainFields: ['module', 'main'],
    external: RENDER_EXTERNAL,
    jsx: 'automatic',
    jsxImportSource: 'satori/jsx',
    define: { 'import.meta.url': '__bundleUrl', 'import.meta.resolve': '__resolve' },
    plugins: [packageFileUrls, dynamicImportsThroughBin],
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].text;
  const left = RENDER_EXTERNAL.filter((name) => new RegExp(`(?<![\\w$])import\\(${JSON.stringify(name)}`).test(code));
  if (left.length > 0) throw new Error(`dist/render.cjs: import() of ${left.join(', ')} does not go through the bin`);
  writeFileSync(
    join(ROOT, 'dist/render.cjs'),
    '(function (exports, require, module, __filename, __dirname, __import, __bundleUrl, __resolve, __packageFileUrl) {' + code + '\n})',
  );
}

export async function build() {
  const { build: esbuild } = await import('esbuild');
  const modules = esbuild({
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
  await Promise.all([modules, buildRenderBundle(esbuild)]);
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
    const built = Math.min(statSync(join(ROOT, 'dist/cli.js')).mtimeMs, statSync(join(ROOT, 'dist/render.cjs')).mtimeMs);
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
