import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultCacheDir, DiskStore } from '../src/layout/cache/disk-store.ts';
import { fixture, REPO, runCli, withTempDir } from './helpers.ts';

const INPUT = fixture('good.json');
const OUTPUTS = ['good.png', 'good.pdf'];

function render(cacheDir: string, out: string, ...more: string[]) {
  const result = runCli([INPUT, '--out', out, '--cache-dir', cacheDir, '--format', 'png,pdf', ...more]);
  assert.is(result.status, 0, result.stderr);
  return result;
}

const outputs = (out: string) => OUTPUTS.map((name) => readFileSync(join(out, name)));
const entriesOf = (cacheDir: string) => readdirSync(join(cacheDir, 'layout'));

function sameOutputs(a: string, b: string): void {
  outputs(a).forEach((bytes, i) => assert.ok(bytes.equals(outputs(b)[i]!), `${OUTPUTS[i]} is byte-identical`));
}

test('a second process reads the layouts the first stored, and writes the same bytes', () =>
  withTempDir(async (dir) => {
    const cache = join(dir, 'cache');
    render(cache, join(dir, 'cold'));
    const entries = entriesOf(cache);
    assert.ok(entries.length >= 4, 'header, cards, years and footer are stored');
    render(cache, join(dir, 'warm'));
    sameOutputs(join(dir, 'cold'), join(dir, 'warm'));
    assert.equal(entriesOf(cache), entries, 'nothing laid out again');

    // Entries that are whole but hold empty blocks: a render that reads them draws no cards, so its image differs.
    const store = new DiskStore({ dir: cache, maxBytes: 1 << 30 });
    for (const key of entries) store.set(key, JSON.stringify({ svg: '', width: 10, height: 10 }));
    await store.flush();
    render(cache, join(dir, 'read'));
    assert.not.ok(outputs(join(dir, 'read'))[0]!.equals(outputs(join(dir, 'cold'))[0]!), 'the stored layouts were used');
  }));

test('damaged entries are ignored and replaced, never trusted', () =>
  withTempDir((dir) => {
    const cache = join(dir, 'cache');
    render(cache, join(dir, 'first'));
    const entries = entriesOf(cache);
    const store = new DiskStore({ dir: cache, maxBytes: 1 << 30 });
    const bodies = entries.map((key) => store.get(key));
    entries.forEach((key, i) => {
      const path = join(cache, 'layout', key);
      const whole = readFileSync(path);
      // Garbage, a truncated entry, and one byte changed inside the body.
      if (i % 3 === 0) writeFileSync(path, 'garbage \u0000\u00ff not a layout');
      else if (i % 3 === 1) writeFileSync(path, whole.subarray(0, whole.length - 7));
      else writeFileSync(path, Buffer.concat([whole.subarray(0, whole.length - 2), Buffer.from('x'), whole.subarray(whole.length - 1)]));
      assert.is(store.get(key), undefined, `damaged entry ${i} is not read`);
    });
    render(cache, join(dir, 'again'));
    sameOutputs(join(dir, 'first'), join(dir, 'again'));
    assert.equal(
      entries.map((key) => store.get(key)),
      bodies,
      'each entry written again as it was',
    );
  }));

test('a cache folder that cannot be written: the render goes on, with one warning', () =>
  withTempDir((dir) => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const result = render(join(blocker, 'cache'), join(dir, 'out'));
    assert.equal(
      OUTPUTS.map((name) => existsSync(join(dir, 'out', name))),
      [true, true],
    );
    const warnings = result.stderr.split('\n').filter((line) => line.includes('layout cache'));
    assert.is(warnings.length, 1, result.stderr);
    assert.match(warnings[0]!, /cannot be written \(ENOTDIR\); rendering goes on/);
  }));

test('--no-cache neither reads nor writes the folder', () =>
  withTempDir((dir) => {
    const cache = join(dir, 'cache');
    render(cache, join(dir, 'out'), '--no-cache');
    assert.not.ok(existsSync(cache));
  }));

test('processes rendering at once share one folder: each writes whole entries, none left half-written', () =>
  withTempDir(async (dir) => {
    const cache = join(dir, 'cache');
    const runs = [0, 1, 2].map(
      (i) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(
            process.execPath,
            ['bin/timeline-render.js', INPUT, '--out', join(dir, `out${i}`), '--cache-dir', cache, '--format', 'png,pdf', '--quiet'],
            { cwd: REPO, stdio: 'ignore' },
          );
          child.on('exit', resolve);
        }),
    );
    assert.equal(await Promise.all(runs), [0, 0, 0]);
    sameOutputs(join(dir, 'out0'), join(dir, 'out1'));
    sameOutputs(join(dir, 'out0'), join(dir, 'out2'));
    const entries = entriesOf(cache);
    assert.equal(
      entries.filter((name) => name.endsWith('.tmp')),
      [],
      'no temporary file left',
    );
    const store = new DiskStore({ dir: cache, maxBytes: 1 << 30 });
    for (const key of entries) assert.type(store.get(key), 'string', `entry ${key} is whole`);
  }));

test('past its bound the cache drops the least recently used entries first', () =>
  withTempDir(async (dir) => {
    const store = new DiskStore({ dir, maxBytes: 4500 });
    const body = (n: number) => `entry ${n} `.padEnd(1000, '.');
    const path = (key: string) => join(dir, 'layout', key);
    // Entries written a minute apart, the first the oldest; then the first is read, which makes it the newest.
    for (let n = 1; n <= 4; n++) {
      store.set(`k${n}`, body(n));
      await store.flush();
      const when = new Date(Date.now() - (10 - n) * 60_000);
      utimesSync(path(`k${n}`), when, when);
    }
    assert.is(store.get('k1'), body(1));
    store.set('k5', body(5));
    await store.flush();
    const left = readdirSync(join(dir, 'layout')).sort();
    assert.equal(left, ['k1', 'k4', 'k5'], 'k2 and k3 went first');
    const total = left.reduce((sum, key) => sum + readFileSync(path(key)).length, 0);
    assert.ok(total <= 4500, `${total} bytes kept`);
  }));

test('the cache folder follows XDG_CACHE_HOME, else ~/.cache', () => {
  assert.is(defaultCacheDir({ XDG_CACHE_HOME: '/var/cache/me' }), '/var/cache/me/timeline-render');
  assert.is(defaultCacheDir({ XDG_CACHE_HOME: 'relative/path' }), join(homedir(), '.cache', 'timeline-render'));
  assert.is(defaultCacheDir({}), join(homedir(), '.cache', 'timeline-render'));
});

test.run();
