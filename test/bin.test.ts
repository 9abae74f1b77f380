import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, withTempDir } from './helpers.ts';

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

test.run();
