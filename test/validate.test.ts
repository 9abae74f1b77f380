import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadTimeline } from '../src/load/index.ts';
import { validateTimeline } from '../src/model/validate.ts';
import type { Diagnostic } from '../src/model/types.ts';
import { DATA_FILE, expectInputError, fixture, lines, readRepoText, repoPath, runCli, withTempDir } from './helpers.ts';

/** The diagnostics of validateTimeline on a fixture that is valid JSON. */
function diagnosticsOf(name: string): Diagnostic[] {
  const result = validateTimeline(JSON.parse(readRepoText(fixture(name))));
  assert.is(result.timeline, undefined, `${name} should not validate`);
  return result.diagnostics;
}

/** The one diagnostic of a fixture with one problem. */
function onlyDiagnostic(name: string): Diagnostic {
  const diagnostics = diagnosticsOf(name);
  assert.is(diagnostics.length, 1, `${name}: ${JSON.stringify(diagnostics)}`);
  return diagnostics[0]!;
}

/** The message lines loadTimeline throws for a fixture, with the file named as loadTimeline was given it. */
async function loadLines(name: string): Promise<{ file: string; lines: string[] }> {
  const file = repoPath(fixture(name));
  const error = await expectInputError(() => loadTimeline(file));
  assert.is(error.file, file);
  assert.is(error.exitCode, 1);
  return { file, lines: lines(error.message) };
}

test('the good fixture validates, with its start/end range kept', async () => {
  const result = validateTimeline(JSON.parse(readRepoText(fixture('good.json'))));
  assert.equal(result.diagnostics, []);
  assert.ok(result.timeline);
  assert.is(result.timeline.events.length, 3);
  assert.equal(result.timeline.events[2]!.range, { start: '2017-12-15', end: '2018-01-31' });
  // A missing label defaults to the id.
  assert.is(result.timeline.actors[0]!.label, 'US');
  const loaded = await loadTimeline(repoPath(fixture('good.json')));
  assert.equal(loaded.warnings, []);
});

test('the committed data file validates', () => {
  assert.equal(validateTimeline(JSON.parse(readRepoText(DATA_FILE))).diagnostics, []);
});

test('truncated JSON: file:7:50: Invalid JSON, at the end of the cut line', async () => {
  // Line 7 of the fixture is `    { "date": "2019", "actor": "US", "text": "Cut` with no newline after it:
  // 4 spaces + `{ "date": "2019", "actor": "US", "text": ` (41 characters) + `"Cut` (4) = 49 characters,
  // so the file ends at line 7, column 50, inside an unterminated string.
  const { file, lines: messages } = await loadLines('bad/truncated.json');
  assert.is(messages.length, 1, messages.join('\n'));
  assert.ok(messages[0]!.startsWith(`${file}:7:50: Invalid JSON.`), messages[0]);
});

test('a trailing comma in an array is placed at the "]" (8:3), not at the end of the file', async () => {
  // Line 8 of the fixture is `  ]`, after `{ ... },` on line 7: the "]" is at column 3.
  // Node 20 reports "Unexpected token" errors without "at position N", so src/load/json.ts
  // falls back to the end of the file, and the message echoes the file's text (newlines included).
  const { file, lines: messages } = await loadLines('bad/trailing-comma.json');
  assert.ok(messages[0]!.startsWith(`${file}:8:3: Invalid JSON.`), `got: ${messages[0]}`);
  for (const line of messages) assert.ok(line.startsWith(file), `line does not start with the file name: ${JSON.stringify(line)}`);
});

test('unknown actor: events[1].actor, listing the allowed ids and what was received', async () => {
  const diagnostic = onlyDiagnostic('bad/unknown-actor.json');
  assert.is(diagnostic.place, 'events[1].actor');
  assert.match(diagnostic.message, 'Allowed: "US", "Russia".');
  assert.match(diagnostic.message, 'Received: "UK".');
  const { file, lines: messages } = await loadLines('bad/unknown-actor.json');
  assert.is(messages.length, 1);
  assert.ok(messages[0]!.startsWith(`${file}: events[1].actor: `), messages[0]);
});

/**
 * A fixture with one problem: the validator places it at `place`, its message holds each of
 * `fragments`, and loading the file prints it as one line naming the file and the place.
 */
async function expectOneProblem(name: string, place: string, fragments: Array<string | RegExp>): Promise<void> {
  const diagnostic = onlyDiagnostic(name);
  assert.is(diagnostic.place, place);
  for (const fragment of fragments) assert.match(diagnostic.message, fragment);
  const { file, lines: messages } = await loadLines(name);
  assert.equal(messages, [`${file}: ${place}: ${diagnostic.message}`]);
}

test('missing text: events[0].text', () => expectOneProblem('bad/missing-text.json', 'events[0].text', [/Missing/]));

test('wrong type: a number as title gives title, Expected: string', () =>
  expectOneProblem('bad/title-number.json', 'title', ['Expected: string', 'Received: number']));

test('unreadable date: events[0].date', () =>
  expectOneProblem('bad/bad-date.json', 'events[0].date', ['Received: "sometime"', 'Allowed:']));

test('bad colour: actors[0].color', () => expectOneProblem('bad/bad-color.json', 'actors[0].color', ['Received: "blue"']));

test('several problems in one file are all reported', async () => {
  // many-problems.json has five: a number as title, a bad colour, a missing text,
  // an unreadable date and an unknown field.
  const diagnostics = diagnosticsOf('bad/many-problems.json');
  assert.equal(
    diagnostics.map((d) => d.place),
    ['title', 'actors[1].color', 'events[0].text', 'events[1].date', 'events[2].note'],
  );
  const { file, lines: messages } = await loadLines('bad/many-problems.json');
  assert.is(messages.length, 5, messages.join('\n'));
  diagnostics.forEach((d, i) => assert.is(messages[i], `${file}: ${d.place}: ${d.message}`));
});

const BAD_FIXTURES = [
  'truncated.json',
  'unknown-actor.json',
  'missing-text.json',
  'title-number.json',
  'bad-date.json',
  'bad-color.json',
  'many-problems.json',
  'no-events.txt',
];

test('every message line starts with the file name', async () => {
  for (const name of BAD_FIXTURES) {
    const { file, lines: messages } = await loadLines(`bad/${name}`);
    assert.ok(messages.length > 0, name);
    for (const line of messages) assert.ok(line.startsWith(`${file}:`), `${name}: ${JSON.stringify(line)}`);
  }
});

// The schema check needs ajv, which is not a dependency: it runs only when node_modules/ajv exists.
const ajvPath = repoPath('node_modules/ajv/dist/2020.js');
const schemaTest = existsSync(ajvPath) ? test : test.skip;

schemaTest('the JSON Schema agrees with the validator on the structural fixtures', async () => {
  // A variable specifier keeps tsc from resolving a module that may not be installed.
  const specifier: string = ajvPath;
  const module = (await import(specifier)) as {
    default: new (
      options: object,
    ) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string }> | null } };
  };
  const Ajv2020 = module.default;
  const schema = JSON.parse(readFileSync(repoPath('src/model/timeline.schema.json'), 'utf8')) as object;
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  // Dates and actor ids are beyond a JSON Schema; these fixtures differ only in structure.
  for (const name of ['good.json', 'bad/missing-text.json', 'bad/title-number.json', 'bad/bad-color.json', DATA_FILE]) {
    const value = JSON.parse(readRepoText(name === DATA_FILE ? name : fixture(name)));
    const ours = validateTimeline(value).diagnostics.length === 0;
    assert.is(validate(value), ours, `${name}: schema and validator disagree (${JSON.stringify(validate.errors)})`);
  }
});

// Issue 13, point 9: out-of-order warnings, each misplaced event once; none for TimelineJS.

const orderLines = (stderr: string) => lines(stderr).filter((l) => l.includes('is listed'));

test('validate: a TimelineJS file out of date order gets no order warnings (TimelineJS sorts by date itself)', () => {
  const file = 'test/fixtures/real/timelinejs/knightlab-republican.json';
  const result = runCli(['validate', file]);
  assert.is(result.status, 0, result.stderr);
  assert.equal(orderLines(result.stderr), []);
  assert.match(result.stdout, 'ok: 13 events');
});

test('validate: a native file with one event listed far too early warns once, naming it, not once per pair', async () => {
  await withTempDir((dir) => {
    const file = join(dir, 'order.json');
    const events = ['2025', '2019', '2020', '2021', '2022'].map((date) => ({ date, actor: 'A', text: `In ${date}.` }));
    writeFileSync(file, JSON.stringify({ title: 'Order', actors: [{ id: 'A', color: '#1f5a96' }], events }));
    const result = runCli(['validate', file]);
    assert.is(result.status, 0, result.stderr);
    assert.equal(orderLines(result.stderr), [
      `${file}: warning: events[0] (2025) is listed before events[1] (2019), which is earlier; renders put events in date order, --keep-order keeps the source order.`,
    ]);
  });
});

test("validate: the seed's one swapped pair is one warning", () => {
  const result = runCli(['validate', DATA_FILE]);
  assert.equal(orderLines(result.stderr).length, 1, result.stderr);
});

test.run();
