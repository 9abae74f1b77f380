import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DATA_FILE, fixture, lines, runCli, SEED_ARTICLE, STACK_LINE, withTempDir } from './helpers.ts';

// Full renders take seconds each: this file runs two (png+pdf, then pdf alone).

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BAD_INPUT = fixture('bad/unknown-actor.json');

function isEmptyOrAbsent(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

test('render: exit 0, the PNG with its alt text and the PDF written', async () => {
  await withTempDir((dir) => {
    const out = join(dir, 'out');
    const result = runCli([DATA_FILE, '--out', out]);
    assert.is(result.status, 0, result.stderr);
    assert.equal(readdirSync(out).sort(), ['syria-timeline.alt.txt', 'syria-timeline.pdf', 'syria-timeline.png']);
    const png = readFileSync(join(out, 'syria-timeline.png'));
    assert.ok(png.subarray(0, 8).equals(PNG_SIGNATURE), 'the PNG does not start with the PNG signature');
    const pdf = readFileSync(join(out, 'syria-timeline.pdf'));
    assert.is(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    // The PNG signature alone is not a picture: a real render is large.
    assert.ok(png.length > 10_000, `PNG is only ${png.length} bytes`);
  });
});

test('render --format pdf writes only the PDF', async () => {
  await withTempDir((dir) => {
    const result = runCli([DATA_FILE, '--out', dir, '--format', 'pdf']);
    assert.is(result.status, 0, result.stderr);
    assert.equal(readdirSync(dir), ['syria-timeline.pdf']);
    assert.is(readFileSync(join(dir, 'syria-timeline.pdf')).subarray(0, 5).toString('latin1'), '%PDF-');
  });
});

test('bad input: exit 1, stderr names the file and the place, no stack, no output', async () => {
  await withTempDir((dir) => {
    const out = join(dir, 'out');
    const result = runCli([BAD_INPUT, '--out', out]);
    assert.is(result.status, 1, result.stderr);
    assert.match(result.stderr, `${BAD_INPUT}: events[1].actor: `);
    assert.not.match(result.stderr, STACK_LINE);
    for (const line of lines(result.stderr)) assert.ok(line.startsWith(BAD_INPUT), JSON.stringify(line));
    assert.is(result.stdout, '');
    assert.ok(isEmptyOrAbsent(out), `output folder has: ${existsSync(out) ? readdirSync(out).join(', ') : ''}`);
  });
});

test('bad input with --debug shows the stack', async () => {
  await withTempDir((dir) => {
    const result = runCli([BAD_INPUT, '--out', join(dir, 'out'), '--debug']);
    assert.is(result.status, 1, result.stderr);
    assert.match(result.stderr, `${BAD_INPUT}: events[1].actor: `);
    assert.match(result.stderr, STACK_LINE);
  });
});

test('exit 2 for an unknown option', async () => {
  await withTempDir((dir) => {
    const result = runCli([DATA_FILE, '--out', dir, '--bogus']);
    assert.is(result.status, 2, result.stderr);
    assert.match(result.stderr, /bogus/);
    assert.not.match(result.stderr, STACK_LINE);
    assert.equal(readdirSync(dir), []);
  });
});

test('exit 2 for --format jpg, naming the allowed formats', async () => {
  await withTempDir((dir) => {
    const result = runCli([DATA_FILE, '--out', dir, '--format', 'jpg']);
    assert.is(result.status, 2, result.stderr);
    assert.match(result.stderr, 'Allowed: png, pdf');
    assert.match(result.stderr, '"jpg"');
    assert.equal(readdirSync(dir), []);
  });
});

test('exit 2 with no input', () => {
  const result = runCli([]);
  assert.is(result.status, 2, result.stderr);
  assert.ok(result.stderr.trim().length > 0, 'stderr should say what is wrong');
  assert.not.match(result.stderr, STACK_LINE);
});

test('validate on the seed: exit 0, one warning naming the misplaced September 2018 event after October 2018', () => {
  const result = runCli(['validate', DATA_FILE]);
  assert.is(result.status, 0, result.stderr);
  const warnings = lines(result.stderr).filter((l) => l.includes('warning'));
  assert.is(warnings.length, 1, result.stderr);
  assert.ok(warnings[0]!.startsWith(`${DATA_FILE}: `), warnings[0]);
  assert.match(warnings[0]!, 'October 2018');
  assert.match(warnings[0]!, 'September 2018');
  assert.match(warnings[0]!, /events\[15\] \(September 2018\) is listed after events\[14\] \(October 2018\)/);
  assert.not.match(result.stdout, 'warning');
  assert.match(result.stdout, '21 events');
});

test('import the seed article: JSON with 21 events on stdout, warning on stderr only', () => {
  const result = runCli(['import', SEED_ARTICLE]);
  assert.is(result.status, 0, result.stderr);
  const doc = JSON.parse(result.stdout) as { title: string; events: unknown[] };
  assert.is(doc.events.length, 21);
  assert.is(doc.title, 'A Twisted Timeline of US-Russian Relations in Syria');
  assert.match(result.stderr, `${SEED_ARTICLE}: warning: skipped 19 paragraphs`);
  assert.not.match(result.stdout, 'skipped');
  assert.not.match(result.stdout, 'warning');
});

test('a missing file: exit 1 and "No such file"', async () => {
  await withTempDir((dir) => {
    const missing = fixture('does-not-exist.json');
    const out = join(dir, 'out');
    const result = runCli([missing, '--out', out]);
    assert.is(result.status, 1, result.stderr);
    assert.match(result.stderr, `${missing}: No such file`);
    assert.not.match(result.stderr, STACK_LINE);
    assert.ok(isEmptyOrAbsent(out));
  });
});

test.run();
