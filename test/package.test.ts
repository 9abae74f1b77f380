// The package as a user gets it: packed with `npm pack`, installed from the tarball into an empty
// project with no network, and used there through its bin, from plain Node, from TypeScript, with
// a template of the project's own, and installed read-only.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_FILE, REPO, readRepoText } from './helpers.ts';
import { readPdf } from './support/pdf.ts';
import { pngSize } from './support/png.ts';

const ROOT = mkdtempSync(join(tmpdir(), 'timeline-render-package-'));
const PROJECT = join(ROOT, 'project');
const INSTALLED = join(PROJECT, 'node_modules/timeline-render');
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');

// npm run exports npm_* settings to its children; an npm started from `npm test` would take them
// for its own (the repository's prefix among them).
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));

function run(command: string, args: readonly string[], options: SpawnSyncOptions & { cwd: string }) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 180_000, env, ...options });
  if (result.error) throw result.error;
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

function ok(result: { status: number | null; stdout: string; stderr: string }, what: string): string {
  assert.is(result.status, 0, `${what}: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** `npm pack` of a copy of the checkout, so the pack's clean build leaves this dist/ alone. */
function pack(): string {
  const source = join(ROOT, 'source');
  mkdirSync(source);
  for (const part of [
    'bin',
    'scripts',
    'src',
    'templates',
    'fonts',
    'icc',
    'README.md',
    'package.json',
    'tsconfig.json',
    'tsconfig.build.json',
  ]) {
    cpSync(join(REPO, part), join(source, part), { recursive: true });
  }
  symlinkSync(join(REPO, 'node_modules'), join(source, 'node_modules'));
  ok(run('npm', ['pack', '--pack-destination', ROOT], { cwd: source }), 'npm pack');
  const tarball = readdirSync(ROOT).find((name) => name.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote a tarball');
  return join(ROOT, tarball);
}

/**
 * The consumer's lock: the tarball, and this repository's own locked runtime dependencies with
 * their registry addresses. npm ci then takes every package from the npm cache that `npm ci`
 * filled for this checkout (by integrity), and needs no network. (`npm install <tarball>`
 * without a lock would ask the registry for each package's metadata, which the cache lacks.)
 */
function consumerLock(tarball: string): object {
  const ours = JSON.parse(readRepoText('package-lock.json')) as { packages: Record<string, Record<string, unknown>> };
  const manifest = JSON.parse(readRepoText('package.json')) as {
    version: string;
    dependencies: Record<string, string>;
    bin: Record<string, string>;
  };
  const dependency = { 'timeline-render': `file:${tarball}` };
  const packages: Record<string, object> = {
    '': { name: 'consumer', dependencies: dependency },
    'node_modules/timeline-render': {
      version: manifest.version,
      resolved: `file:${tarball}`,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
    },
  };
  for (const [path, entry] of Object.entries(ours.packages)) {
    if (path === '' || entry.dev || entry.link) continue;
    const name = (entry.name as string | undefined) ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const resolved = entry.resolved ?? `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${entry.version as string}.tgz`;
    packages[path] = { ...entry, resolved };
  }
  return { name: 'consumer', lockfileVersion: 3, requires: true, packages };
}

const CARD_TEMPLATE = `import { defineTemplate, type CardProps } from 'timeline-render/template';

function Card({ event, actor, width, theme }: CardProps) {
  return (
    <div style={{ display: 'flex', width, padding: 20, backgroundColor: theme.colors.card }}>
      <div style={{ display: 'flex', fontFamily: theme.fonts.text, fontSize: theme.sizes.body, color: actor.color }}>{\`Own card · \${event.date} · \${actor.label}\`}</div>
    </div>
  );
}

export default defineTemplate({ Card });
`;

const LIBRARY_USE = `import { InputError, loadTimeline, renderOptions, renderTimeline, type RenderedFile } from 'timeline-render';
import { builtInTemplate, type Template } from 'timeline-render/template';

const { timeline } = await loadTimeline('syria-timeline.json');
const files: RenderedFile[] = await renderTimeline(timeline, renderOptions({ formats: ['png'], presets: ['og'], template: { Card: builtInTemplate.Card } }));
const part: Template['Card'] = builtInTemplate.Card;
export const found: Array<InputError | typeof part | number> = [files.length];
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    jsx: 'react-jsx',
    jsxImportSource: 'satori/jsx',
    types: ['node'],
    typeRoots: [join(REPO, 'node_modules/@types')],
    // satori's own .d.ts names DOM types that TypeScript's lib no longer has.
    skipLibCheck: true,
  },
};

let tarball = '';
let installation: { error?: unknown } | undefined;

// Each test installs on first use rather than in test.before: uvu reports a failing before hook
// as nothing run, and exits 0. A failed install fails every test with its own message.
function install(): void {
  if (!installation) {
    try {
      installTarball();
      installation = {};
    } catch (error) {
      installation = { error };
    }
  }
  if (installation.error) throw installation.error;
}

function installTarball(): void {
  tarball = pack();
  mkdirSync(PROJECT);
  writeFileSync(
    join(PROJECT, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, dependencies: { 'timeline-render': `file:${tarball}` } }),
  );
  writeFileSync(join(PROJECT, 'package-lock.json'), JSON.stringify(consumerLock(tarball)));
  ok(run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: PROJECT }), 'npm ci --offline of the tarball');
  writeFileSync(join(PROJECT, 'syria-timeline.json'), readRepoText(DATA_FILE));
  writeFileSync(join(PROJECT, 'own.tsx'), CARD_TEMPLATE);
}

test.after(() => {
  chmodSync(ROOT, 0o755);
  spawnSync('chmod', ['-R', 'u+w', ROOT]);
  rmSync(ROOT, { recursive: true, force: true });
});

test('the tarball holds the bin, the built code with its types, the fonts and the ICC profile; no tests, goldens or sources', () => {
  install();
  const files = ok(run('tar', ['-tzf', tarball], { cwd: ROOT }), 'tar')
    .trim()
    .split('\n')
    .map((path) => path.replace(/^package\//, ''));
  for (const file of [
    'bin/timeline-render.js',
    'dist/cli.js',
    'dist/render.cjs',
    'dist/index.js',
    'dist/template.js',
    'dist/worker.js',
    'dist/types/src/index.d.ts',
    'dist/types/src/template.d.ts',
    'fonts/NotoSans-Regular.ttf',
    'README.md',
    'package.json',
  ]) {
    assert.ok(files.includes(file), `${file} is in the tarball`);
  }
  const stray = files.filter((file) => !/^(bin|dist|fonts|icc)\//.test(file) && !['README.md', 'package.json'].includes(file));
  assert.equal(stray, []);
  assert.ok(!files.some((file) => file.endsWith('.ts') && !file.endsWith('.d.ts')), 'no TypeScript sources');
});

test('the installed bin renders the seed: the tall PNG and the PDF, the same again from its code cache', async () => {
  install();
  const cacheHome = join(ROOT, 'user-cache');
  const render = (out: string) =>
    ok(
      run(join(PROJECT, 'node_modules/.bin/timeline-render'), ['syria-timeline.json', '--out', out, '--format', 'png,pdf', '--quiet'], {
        cwd: PROJECT,
        env: { ...env, XDG_CACHE_HOME: cacheHome },
      }),
      'bin',
    );
  render('out');
  assert.equal(pngSize(readFileSync(join(PROJECT, 'out/syria-timeline.png'))).width, 2160);
  const pdf = await readPdf(readFileSync(join(PROJECT, 'out/syria-timeline.pdf')));
  assert.match(pdf.pageTexts[0]!, 'A Twisted Timeline of US-Russian Relations in Syria');
  const caches = readdirSync(join(cacheHome, 'timeline-render/code'));
  assert.is(caches.length, 1, 'the bin keeps a code cache in the user cache folder');
  render('again');
  for (const file of ['syria-timeline.png', 'syria-timeline.pdf'])
    assert.ok(readFileSync(join(PROJECT, 'again', file)).equals(readFileSync(join(PROJECT, 'out', file))), `${file} is the same`);
});

test('plain Node imports the library and the template module; layout internals are not exported', () => {
  install();
  const script = `import * as library from 'timeline-render';
import { builtInTemplate } from 'timeline-render/template';
import { writeFileSync } from 'node:fs';
const { timeline } = await library.loadTimeline('syria-timeline.json');
const [og] = await library.renderTimeline(timeline, library.renderOptions({ formats: ['png'], presets: ['og'] }));
writeFileSync('og.png', og.bytes);
console.log(JSON.stringify({ names: Object.keys(library), parts: Object.keys(builtInTemplate), suffix: og.suffix }));`;
  const seen = JSON.parse(ok(run(process.execPath, ['--input-type=module', '-e', script], { cwd: PROJECT }), 'node')) as {
    names: string[];
    parts: string[];
    suffix: string;
  };
  for (const name of ['loadTimeline', 'renderTimeline', 'renderOptions', 'writeOutputs', 'startServer', 'InputError', 'CancelledError'])
    assert.ok(seen.names.includes(name), name);
  for (const name of ['tallScene', 'sceneToSvg', 'layoutTimeline', 'pagedScenes'])
    assert.not.ok(seen.names.includes(name), `${name} is private`);
  assert.equal(seen.parts, ['Header', 'Cover', 'Card', 'Year', 'Footer', 'RunningHead']);
  assert.is(seen.suffix, '.og.png');
  assert.equal(pngSize(readFileSync(join(PROJECT, 'og.png'))), { width: 1200, height: 630 });
});

test('tsc type-checks a consumer and its template against the shipped .d.ts files, and catches a wrong value', () => {
  install();
  writeFileSync(join(PROJECT, 'use.mts'), LIBRARY_USE);
  writeFileSync(join(PROJECT, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, files: ['use.mts', 'own.tsx'] }));
  ok(run(process.execPath, [TSC, '-p', '.', '--pretty', 'false'], { cwd: PROJECT }), 'tsc');
  writeFileSync(
    join(PROJECT, 'wrong.ts'),
    `import { renderOptions } from 'timeline-render';\nexport const options = renderOptions({ presets: ['poster'] });\n`,
  );
  writeFileSync(join(PROJECT, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, files: ['wrong.ts'] }));
  const wrong = run(process.execPath, [TSC, '-p', '.', '--pretty', 'false'], { cwd: PROJECT });
  assert.is.not(wrong.status, 0);
  assert.match(wrong.stdout, /wrong\.ts\(2,\d+\): error TS2322: Type '"poster"' is not assignable to type 'PresetName'/);
});

test("a --template in the project folder renders against the package's own JSX runtime", async () => {
  install();
  ok(
    run(
      join(PROJECT, 'node_modules/.bin/timeline-render'),
      ['syria-timeline.json', '--out', 'own', '--format', 'pdf', '--template', 'own.tsx', '--quiet'],
      { cwd: PROJECT },
    ),
    'bin --template',
  );
  const pdf = await readPdf(readFileSync(join(PROJECT, 'own/syria-timeline.pdf')));
  assert.match(pdf.pageTexts.join(' '), 'Own card · September 2015 · Russia');
});

test('a read-only install runs: nothing is compiled or written into the package', async () => {
  install();
  spawnSync('chmod', ['-R', 'a-w', INSTALLED]);
  // root writes through any mode: run as nobody then, who can only read the install.
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  for (const dir of [ROOT, PROJECT]) chmodSync(dir, 0o755);
  const out = join(ROOT, 'read-only-out');
  mkdirSync(out, { mode: 0o777 });
  chmodSync(out, 0o777);
  const before = readdirSync(INSTALLED, { recursive: true }).length;
  // A cache folder nobody can write either: the layouts and the code cache are not kept.
  const cacheHome = join(ROOT, 'read-only-cache');
  mkdirSync(cacheHome, { mode: 0o555 });
  chmodSync(cacheHome, 0o555);
  ok(
    run(
      join(PROJECT, 'node_modules/.bin/timeline-render'),
      ['syria-timeline.json', '--out', out, '--format', 'png,pdf', '--template', 'own.tsx', '--quiet'],
      { cwd: PROJECT, env: { ...env, XDG_CACHE_HOME: cacheHome }, ...asNobody },
    ),
    'read-only bin',
  );
  assert.equal(pngSize(readFileSync(join(out, 'syria-timeline.png'))).width, 2160);
  assert.match((await readPdf(readFileSync(join(out, 'syria-timeline.pdf')))).pageTexts.join(' '), 'Own card');
  assert.is(readdirSync(INSTALLED, { recursive: true }).length, before);
  assert.equal(readdirSync(cacheHome), []);
});

test.run();
