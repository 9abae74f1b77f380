import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../src/errors.ts';

// Tests never use the user's layout cache: this test process and the CLIs it starts share one
// of their own, empty at the start and removed at the end.
const TEST_CACHE_HOME = mkdtempSync(join(tmpdir(), 'timeline-render-test-cache-'));
process.env.XDG_CACHE_HOME = TEST_CACHE_HOME;
process.on('exit', () => rmSync(TEST_CACHE_HOME, { recursive: true, force: true }));

/** The repository root, found from this file so tests run from any folder. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Paths relative to the repository root: the CLI runs there, and messages name files as given. */
export const SEED_ARTICLE = 'test/fixtures/seed/syria-timeline-article.txt';
export const SEED_REFERENCE = 'test/fixtures/seed/syria-timeline.reference.json';
export const DATA_FILE = 'data/syria-timeline.json';

/** A path under test/fixtures, relative to the repository root. */
export function fixture(name: string): string {
  return `test/fixtures/${name}`;
}

/** A path relative to the repository root, made absolute. */
export function repoPath(relative: string): string {
  return resolve(REPO, relative);
}

export function readRepoText(relative: string): string {
  return readFileSync(repoPath(relative), 'utf8');
}

/** Runs `fn` with a fresh temporary folder and removes the folder afterwards. */
export async function withTempDir<T>(fn: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'timeline-render-test-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/timeline-render.js ...args` in the repository root. */
export function runCli(args: readonly string[]): CliResult {
  const result = spawnSync(process.execPath, ['bin/timeline-render.js', ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Calls `fn` (sync or async) and returns the InputError it throws; fails when it throws nothing or something else. */
export async function expectInputError(fn: () => unknown): Promise<InputError> {
  let thrown: unknown;
  try {
    await fn();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) throw new Error('Expected an InputError, but nothing was thrown.');
  if (!(thrown instanceof InputError)) {
    throw new Error(`Expected an InputError, got ${(thrown as Error)?.name}: ${(thrown as Error)?.message}`);
  }
  return thrown;
}

/** Lines of a text, without a final empty line. */
export function lines(text: string): string[] {
  return text.replace(/\n$/, '').split('\n');
}

/** Lines of a stack trace as Node prints them ("    at fn (file:1:2)"). */
export const STACK_LINE = /^ {4}at /m;
