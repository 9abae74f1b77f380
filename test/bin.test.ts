import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { DATA_FILE, REPO, withTempDir } from './helpers.ts';

/** A checkout of the package in `dir`, sharing this one's node_modules, with dist/ built. */
function checkout(dir: string): void {
  for (const part of ['bin', 'scripts', 'src', 'templates', 'package.json', 'tsconfig.json'])
    cpSync(join(REPO, part), join(dir, part), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: dir, encoding: 'utf8' });
  assert.is(built.status, 0, built.stderr);
}

const help = (dir: string) =>
  spawnSync(process.execPath, ['bin/timeline-render.js', '--help'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });

/** Edits a source file and dates it after dist/, as a save in an editor would. */
function edit(dir: string, file: string, change: (text: string) => string): void {
  const path = join(dir, file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
  const later = new Date(Date.now() + 5_000);
  utimesSync(path, later, later);
}

test('the bin compiles src/ again when it is newer than dist/, so an edit is never run stale', () =>
  withTempDir((dir) => {
    checkout(dir);
    assert.match(help(dir).stdout, 'Renders timelines (native JSON');
    edit(dir, 'src/cli/args.ts', (text) => text.replace('Renders timelines (native JSON', 'Renders edited timelines (native JSON'));
    const result = help(dir);
    assert.is(result.status, 0, result.stderr);
    assert.match(result.stdout, 'Renders edited timelines (native JSON');
  }));

test("an edit that does not compile exits 70 with esbuild's place and a line saying why", () =>
  withTempDir((dir) => {
    checkout(dir);
    edit(dir, 'src/cli/args.ts', (text) => text + '\nexport const broken = ;\n');
    const result = help(dir);
    assert.is(result.status, 70);
    assert.match(result.stderr, 'src/cli/args.ts');
    assert.match(result.stderr, 'src/ has changed and does not compile');
    assert.is(result.stdout, '');
  }));

/** The bin on the seed's og card, with its caches in `cacheHome`; V8 flags before the bin's path when given. */
function renderOg(cacheHome: string, out: string, v8Flags: string[] = []): Buffer {
  const result = spawnSync(
    process.execPath,
    [...v8Flags, 'bin/timeline-render.js', DATA_FILE, '--out', out, '--format', 'png', '--preset', 'og', '--no-cache', '--quiet'],
    { cwd: REPO, encoding: 'utf8', timeout: 120_000, env: { ...process.env, XDG_CACHE_HOME: cacheHome } },
  );
  assert.is(result.status, 0, result.stderr);
  return readFileSync(join(out, 'syria-timeline.og.png'));
}

const codeFolder = (cacheHome: string) => join(cacheHome, 'timeline-render', 'code');
const codeCaches = (cacheHome: string) => readdirSync(codeFolder(cacheHome)).filter((name) => !name.endsWith('.tmp'));

/** A code cache file: its header line names the key and the SHA-256 of the bytecode after it. */
function cacheFile(key: string, body: Uint8Array): Buffer {
  const sum = createHash('sha256').update(body).digest('hex');
  return Buffer.concat([Buffer.from(`timeline-render code cache 1 ${key} ${sum}\n`), body]);
}

function isWhole(bytes: Buffer, key: string): boolean {
  const newline = bytes.indexOf(10);
  return newline > 0 && cacheFile(key, bytes.subarray(newline + 1)).equals(bytes);
}

test('--help and validate start without the render bundle: they leave no code cache', () =>
  withTempDir((dir) => {
    for (const args of [['--help'], ['validate', DATA_FILE]]) {
      const result = spawnSync(process.execPath, ['bin/timeline-render.js', ...args], {
        cwd: REPO,
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: dir },
      });
      assert.is(result.status, 0, result.stderr);
    }
    assert.not.ok(existsSync(codeFolder(dir)));
  }));

test("a render keeps V8's code cache in the cache folder and uses it; a damaged, foreign or truncated one is ignored and replaced, with the same output", () =>
  withTempDir((dir) => {
    const cacheHome = join(dir, 'cache');
    const first = renderOg(cacheHome, join(dir, 'first'));
    const [name] = codeCaches(cacheHome);
    assert.ok(name?.startsWith('render-'), 'a code cache is written');
    const key = name!.slice('render-'.length);
    const path = join(codeFolder(cacheHome), name!);
    const made = readFileSync(path);
    assert.ok(isWhole(made, key), 'its header names the key and the checksum of the bytecode');

    // A cache V8 accepts is read, not written again.
    assert.ok(renderOg(cacheHome, join(dir, 'again')).equals(first));
    assert.ok(readFileSync(path).equals(made));

    const body = made.subarray(made.indexOf(10) + 1);
    const damaged = Buffer.from(made);
    for (let i = damaged.length >> 1; i < damaged.length; i += 997) damaged[i]! ^= 0xff;
    const cases: Record<string, Buffer> = {
      'a damaged body': damaged,
      'a truncated file': made.subarray(0, made.length >> 1),
      // Right key and checksum: V8 itself refuses bytecode of another script.
      "another script's bytecode": cacheFile(key, new Script('1 + 1').createCachedData()),
      'garbage with a right header': cacheFile(key, Buffer.alloc(body.length, 0x5a)),
    };
    for (const [what, bytes] of Object.entries(cases)) {
      writeFileSync(path, bytes);
      assert.ok(renderOg(cacheHome, join(dir, 'out')).equals(first), `${what}: the same output`);
      const now = readFileSync(path);
      assert.ok(isWhole(now, key) && !now.equals(bytes), `${what}: replaced by a whole cache`);
    }
  }));

test('a code cache made under other V8 flags is refused by V8, and the render succeeds', () =>
  withTempDir((dir) => {
    const cacheHome = join(dir, 'cache');
    const first = renderOg(cacheHome, join(dir, 'plain'));
    const [plain] = codeCaches(cacheHome);
    const flags = ['--stack-trace-limit=20'];
    assert.ok(renderOg(cacheHome, join(dir, 'flagged'), flags).equals(first));
    const [other] = codeCaches(cacheHome).filter((name) => name !== plain);
    assert.ok(other, 'other flags keep a cache of their own');
    // The plain run's bytecode under the flagged run's name, with a header that passes.
    const made = readFileSync(join(codeFolder(cacheHome), plain!));
    const foreign = cacheFile(other!.slice('render-'.length), made.subarray(made.indexOf(10) + 1));
    writeFileSync(join(codeFolder(cacheHome), other!), foreign);
    assert.ok(renderOg(cacheHome, join(dir, 'flagged-again'), flags).equals(first));
    assert.not.ok(readFileSync(join(codeFolder(cacheHome), other!)).equals(foreign), 'V8 refused it and it was made again');
  }));

test('a cache folder that cannot be written does not stop a render', () =>
  withTempDir((dir) => {
    const cacheHome = join(dir, 'cache');
    mkdirSync(join(cacheHome, 'timeline-render'), { recursive: true });
    // The code cache's folder is a file.
    writeFileSync(codeFolder(cacheHome), 'not a folder');
    const blocked = renderOg(cacheHome, join(dir, 'blocked'));
    assert.ok(blocked.equals(renderOg(join(dir, 'other-cache'), join(dir, 'free'))));
  }));

test.run();
