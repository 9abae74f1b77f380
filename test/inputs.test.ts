import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PNG } from 'pngjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TimelineError } from '../src/errors.ts';
import { glyphDiagnostics, refuseMissingGlyphs } from '../src/fonts/coverage.ts';
import { renderOptions } from '../src/options/index.ts';
import { renderTimeline } from '../src/render/index.ts';
import { actorSides, layoutModeFor, layoutTimeline, readingOrder, tallScene, type TimelineLayout } from '../src/layout/scene.ts';
import { loadTimeline, parseTimeline, STDIN_NAME, type LoadedTimeline } from '../src/load/index.ts';
import { parseDate } from '../src/model/dates.ts';
import { DEFAULT_THEME } from '../src/model/theme.ts';
import type { Actor, Timeline, TimelineEvent } from '../src/model/types.ts';
import { verticalTemplate } from '../templates/vertical.tsx';
import { DATA_FILE, expectInputError, fixture, readRepoText, REPO, repoPath, runCli, STACK_LINE, withTempDir } from './helpers.ts';
import { normalise, readPdf } from './support/pdf.ts';

// Input formats: TimelineJS JSON and sheet CSV, YAML, stdin, `import`, actors, scripts, media.
// Full renders take seconds each: this file runs four (one PDF from stdin, then PNG+PDF of three inputs).

const TIMELINEJS_JSON = fixture('inputs/timelinejs.json');
const TIMELINEJS_CSV = fixture('inputs/timelinejs-sheet.csv');
const SHUFFLED_CSV = fixture('inputs/timelinejs-shuffled.csv');
const RUSSIAN_ARTICLE = fixture('inputs/russian-article.txt');
const NATIVE_JSON = fixture('inputs/native-twin.json');
const NATIVE_YAML = fixture('inputs/native-twin.yaml');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const LAYOUT = { template: verticalTemplate, theme: DEFAULT_THEME };

/** The TimelineJS JSON fixture as written, to check the loader against the file rather than against itself. */
interface RawSlide {
  start_date: { year: string | number; month?: string | number; day?: string | number };
  end_date?: { year: string | number; month?: string | number; day?: string | number };
  display_date?: string;
  text: { headline?: string; text?: string };
  group: string;
  media?: { url: string };
}
const rawJson = JSON.parse(readRepoText(TIMELINEJS_JSON)) as { events: RawSlide[]; eras: unknown[] };

/** Runs the CLI with bytes on stdin (runCli cannot feed stdin). */
function runCliWithStdin(args: readonly string[], input: string | Buffer) {
  const result = spawnSync(process.execPath, ['bin/timeline-render.js', ...args], { cwd: REPO, input, encoding: 'utf8', timeout: 120_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `fn` with every outgoing connection and fetch refused; returns what was attempted. */
async function withoutNetwork<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown; attempts: string[] }> {
  const attempts: string[] = [];
  const connect = net.Socket.prototype.connect;
  const realFetch = globalThis.fetch;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    attempts.push(`connect ${JSON.stringify(args[0])}`);
    throw new Error('network use in a test that must not touch the network');
  } as typeof connect;
  globalThis.fetch = (async (input: unknown) => {
    attempts.push(`fetch ${String(input)}`);
    throw new Error('network use in a test that must not touch the network');
  }) as typeof fetch;
  try {
    return { value: await fn(), attempts };
  } catch (error) {
    return { error, attempts };
  } finally {
    net.Socket.prototype.connect = connect;
    globalThis.fetch = realFetch;
  }
}

/** The parts of a timeline that the formats must agree on. */
function essentials(timeline: Timeline) {
  return { title: timeline.title, dek: timeline.dek, actors: timeline.actors, events: timeline.events };
}

function event(actor: string, text: string, date = '2019'): TimelineEvent {
  const range = parseDate(date);
  assert.ok(range, `test date ${date} should parse`);
  return { date, range, actor, text };
}

function actorsOf(ids: string[], joint: string[] = []): Actor[] {
  return [
    ...ids.map((id, i) => ({ id, label: id, color: `#${(0x203040 + i * 0x101010).toString(16)}` })),
    ...joint.map((id) => ({ id, label: id, color: '#5d3f8f', joint: true })),
  ];
}

/** A small native timeline as bytes, for parseTimeline. */
function nativeBytes(timeline: object): Buffer {
  return Buffer.from(JSON.stringify(timeline));
}

/** Every `<text>` element of a block with its x and width (satori writes both). */
function textBoxes(svg: string): Array<{ x: number; width: number; text: string }> {
  return [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map((m) => {
    const attr = (name: string) => Number(m[1]!.match(new RegExp(`\\b${name}="([-\\d.]+)"`))?.[1]);
    return { x: attr('x'), width: attr('width'), text: m[2]! };
  });
}

/**
 * Each page's text with words joined as they are set: readPdf joins every pdf.js item with a
 * space, so a word whose last letters change font ("satellite" in bold, then "." in roman)
 * would read "satellite ." though the glyphs touch. Here items that touch on one baseline
 * join without a space; a gap or a new line gives one.
 */
async function pdfSetTexts(bytes: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    let text = '';
    let previous: { y: number; end: number } | undefined;
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const [a, b, , , x, y] = item.transform as number[];
      const size = Math.hypot(a!, b!);
      const touches = previous && Math.abs(y! - previous.y) < 0.5 && Math.abs(x! - previous.end) < size * 0.1;
      text += (touches ? '' : ' ') + item.str;
      previous = { y: y!, end: x! + item.width };
    }
    texts.push(normalise(text));
  }
  await doc.destroy();
  return texts;
}

function cardBlocks(layout: TimelineLayout) {
  return layout.units.flatMap((u) => u.items).filter((i) => i.kind === 'card');
}

// 1. TimelineJS JSON

test('TimelineJS JSON: title, decoded dek, 4 events, actors USSR and USA as sides and Both joint', async () => {
  const { timeline } = await loadTimeline(TIMELINEJS_JSON);
  assert.is(timeline.title, 'The Space Race, in brief');
  assert.is(timeline.dek, 'Two rivals & one Moon.');
  assert.is(timeline.events.length, rawJson.events.length);
  assert.is(timeline.events.length, 4);
  assert.equal(
    timeline.actors.map((a) => a.id),
    ['USSR', 'USA', 'Both'],
  );
  assert.equal(
    timeline.actors.map((a) => a.joint === true),
    [false, false, true],
  );
  assert.equal(
    timeline.events.map((e) => e.actor),
    rawJson.events.map((e) => e.group),
  );
  assert.is(layoutModeFor(timeline.actors, 960), 'two-sided');
  const sides = actorSides(timeline.actors, 'two-sided');
  assert.equal([sides.get('USSR'), sides.get('USA'), sides.get('Both')], ['left', 'right', 'center']);
});

test('TimelineJS JSON: dates written from the slide dates; display_date kept; a start/end range written as one span', async () => {
  const { timeline } = await loadTimeline(TIMELINEJS_JSON);
  // 1957/10/4; display_date "Early 1958" over 1958/1; 1961/4/12 to 1961/4/13; 1975/7.
  assert.equal(
    timeline.events.map((e) => e.date),
    ['October 4, 1957', rawJson.events[1]!.display_date, 'April 12–13, 1961', 'July 1975'],
  );
  assert.equal(
    timeline.events.map((e) => e.range),
    [
      { start: '1957-10-04', end: '1957-10-04' },
      { start: '1958-01-01', end: '1958-01-31' },
      { start: '1961-04-12', end: '1961-04-13' },
      { start: '1975-07-01', end: '1975-07-31' },
    ],
  );
});

test('TimelineJS JSON: headline and text both kept, HTML stripped, <script> content dropped', async () => {
  const { timeline } = await loadTimeline(TIMELINEJS_JSON);
  const [sputnik, explorer, gagarin, apollo] = timeline.events;
  assert.is(sputnik!.headline, rawJson.events[0]!.text.headline);
  assert.is(sputnik!.text, 'The Soviet Union launches the first artificial satellite.');
  assert.is(explorer!.headline, 'Explorer 1');
  assert.is(explorer!.text, 'The United States answers with Explorer 1.');
  assert.is(gagarin!.headline, 'Gagarin');
  assert.is(gagarin!.text, 'Yuri Gagarin becomes the first human in orbit.');
  // A slide with a text and no headline: the text, entity decoded, and no headline.
  assert.is(apollo!.text, 'Apollo and Soyuz dock in orbit — a handshake in space.');
  assert.is(apollo!.headline, undefined);
  for (const [i, e] of timeline.events.entries()) {
    for (const field of [e.text, e.headline ?? '']) {
      assert.not.match(field, /alert|script|<|>|&[a-z]+;/i, `events[${i}] keeps markup: ${field}`);
    }
  }
});

test('TimelineJS JSON: the bold span covers exactly "first artificial satellite", the italic one "Explorer 1"', async () => {
  const { timeline } = await loadTimeline(TIMELINEJS_JSON);
  const spans = timeline.events.map((e) => (e.emphasis ?? []).map((s) => [s.style, e.text.slice(s.start, s.end)]));
  assert.equal(spans, [[['bold', 'first artificial satellite']], [['italic', 'Explorer 1']], [], []]);
});

test('control: the network guard sees fetch and an http request', async () => {
  const viaFetch = await withoutNetwork(() => fetch('https://example.com/never-fetched.jpg'));
  assert.is(viaFetch.attempts.length, 1);
  const viaHttp = await withoutNetwork(
    () => new Promise((resolve, reject) => http.get('http://example.com/', resolve).on('error', reject)),
  );
  assert.ok(viaHttp.error, 'the request went through');
  assert.is(viaHttp.attempts.length, 1);
});

test('TimelineJS JSON: one warning for the era, one for remote media, and the URL is never fetched', async () => {
  const { value: loaded, error, attempts } = await withoutNetwork(() => loadTimeline(TIMELINEJS_JSON));
  assert.is(error, undefined, String(error));
  assert.equal(attempts, [], 'loading touched the network');
  const { warnings, timeline, images } = loaded!;
  assert.is(warnings.length, 2, warnings.join('\n'));
  const [era, media] = warnings;
  assert.ok(era!.startsWith(`${TIMELINEJS_JSON}: warning: `), era);
  assert.match(era!, `skipped ${rawJson.eras.length} era`);
  assert.ok(media!.startsWith(`${TIMELINEJS_JSON}: warning: `), media);
  assert.match(media!, 'web link');
  assert.match(media!, 'nothing is fetched');
  // The remote image is dropped, not kept as a path that would be read later.
  const remote = rawJson.events.findIndex((e) => e.media?.url.startsWith('https://'));
  assert.ok(remote >= 0);
  assert.is(timeline.events[remote]!.media, undefined);
  assert.is(images.size, 0);
});

test("TimelineJS JSON: the remote-media warning counts every URL it skips, the title slide's too", async () => {
  const { warnings } = await loadTimeline(TIMELINEJS_JSON);
  const doc = JSON.parse(readRepoText(TIMELINEJS_JSON)) as { title: { media?: { url: string } }; events: RawSlide[] };
  const urls = [doc.title.media?.url, ...doc.events.map((e) => e.media?.url)].filter((u) => u && /^https?:/.test(u));
  assert.is(urls.length, 2, 'the fixture has a remote image on the title slide and on one event');
  const warning = warnings.find((w) => w.includes('web link')) ?? '';
  assert.match(
    warning,
    `skipped ${urls.length} web links in media`,
    `the file has ${urls.length} remote URLs, none drawn; the warning says: ${warning}`,
  );
});

// 2. TimelineJS CSV

test('TimelineJS CSV (BOM, CRLF): the same title, dek, actors and dates as the JSON', async () => {
  const [csv, json] = await Promise.all([loadTimeline(TIMELINEJS_CSV), loadTimeline(TIMELINEJS_JSON)]);
  assert.is(csv.timeline.title, json.timeline.title);
  assert.is(csv.timeline.dek, json.timeline.dek);
  assert.equal(csv.timeline.actors, json.timeline.actors);
  assert.equal(
    csv.timeline.events.map((e) => [e.date, e.range, e.actor, e.headline]),
    json.timeline.events.map((e) => [e.date, e.range, e.actor, e.headline]),
  );
  // No header cell keeps the byte-order mark: the first column (Headline) was found.
  assert.is(csv.timeline.events[0]!.headline, 'Sputnik 1');
  assert.equal(csv.warnings, [`${TIMELINEJS_CSV}: warning: skipped 1 era: eras are not drawn.`]);
});

test('TimelineJS CSV: quoted fields with a comma, doubled quotes and a line break come out whole', async () => {
  const { timeline } = await loadTimeline(TIMELINEJS_CSV);
  const sputnik = timeline.events[0]!;
  assert.is(sputnik.text, 'The Soviet Union launches the first artificial satellite, "Sputnik".');
  assert.equal(
    sputnik.emphasis?.map((s) => sputnik.text.slice(s.start, s.end)),
    ['first artificial satellite'],
  );
  // "Explorer 1,\r\na satellite of its own." is one field: the line break becomes a space.
  assert.is(timeline.events[1]!.text, 'The United States answers with Explorer 1, a satellite of its own.');
  assert.is(timeline.events.length, 4);
  for (const e of timeline.events) assert.not.match(e.text, /[\r\n]/);
});

test('TimelineJS CSV: columns are matched by name in any order and case', async () => {
  const header = readRepoText(SHUFFLED_CSV).split('\n', 1)[0]!;
  // The shuffled sheet really is shuffled and mixed in case.
  assert.ok(!header.startsWith('Headline') && /[A-Z]{4}/.test(header) && /\byear\b/.test(header), header);
  const [shuffled, sheet] = await Promise.all([loadTimeline(SHUFFLED_CSV), loadTimeline(TIMELINEJS_CSV)]);
  assert.equal(essentials(shuffled.timeline), essentials(sheet.timeline));
});

test('TimelineJS CSV without a Year column: InputError naming the file, 1:1 and "Missing column"', async () => {
  const file = fixture('inputs/no-year.csv');
  const error = await expectInputError(() => loadTimeline(file));
  assert.is(error.diagnostics.length, 1);
  assert.is(error.diagnostics[0]!.place, '1:1');
  assert.ok(error.message.startsWith(`${file}:1:1: Missing column Year.`), error.message);
});

test('malformed CSV (an unclosed quote): file:LINE:COL with the line and column', async () => {
  const file = fixture('inputs/unclosed-quote.csv');
  const error = await expectInputError(() => loadTimeline(file));
  assert.is(error.diagnostics.length, 1);
  assert.match(error.diagnostics[0]!.place ?? '', /^\d+:\d+$/);
  assert.match(error.message, new RegExp(`^${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: Invalid CSV\\.`));
});

test('malformed CSV (an unclosed quote): the place is where the quote opens, not the end of the file', async () => {
  const file = fixture('inputs/unclosed-quote.csv');
  const text = readRepoText(file);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('"')) + 1;
  const column = lines[line - 1]!.indexOf('"') + 1;
  // The quote opens the second field of line 3, at character 6.
  const field = lines[line - 1]!.slice(0, column - 1).split(',').length;
  assert.equal([line, column, field], [3, 6, 2]);
  const error = await expectInputError(() => loadTimeline(file));
  const [reportedLine, reportedColumn] = error.diagnostics[0]!.place!.split(':').map(Number);
  assert.is(reportedLine, line, `the quote opens on line ${line}; the message says: ${error.message}`);
  // Either way of counting columns will do: characters (as for JSON and YAML) or sheet columns (as for CSV fields).
  assert.ok(
    reportedColumn === column || reportedColumn === field,
    `the quote opens at character ${column}, in column ${field}; the message says: ${error.message}`,
  );
});

/** The line (from 1) on which `needle` stands in a fixture, as an editor numbers lines. */
function lineOf(name: string, needle: string): number {
  const index = readRepoText(fixture(name))
    .split('\n')
    .findIndex((l) => l.includes(needle));
  assert.ok(index >= 0, `${needle} is not in ${name}`);
  return index + 1;
}

/** The line of the one problem loading a CSV fixture reports, as file:LINE:COL. */
async function reportedLine(name: string): Promise<{ line: number; message: string }> {
  const error = await expectInputError(() => loadTimeline(fixture(name)));
  assert.is(error.diagnostics.length, 1, error.message);
  const place = error.diagnostics[0]!.place ?? '';
  assert.match(place, /^\d+:\d+$/);
  assert.ok(error.message.startsWith(`${fixture(name)}:${place}: `), error.message);
  return { line: Number(place.split(':')[0]), message: error.message };
}

test('CSV field error after quoted CRLF line breaks: placed on the line the row stands on', async () => {
  // Rows 3-4 and 5-7 hold quoted CRLF line breaks; the bad month (13) is on line 8.
  const expected = lineOf('inputs/bad-month-crlf.csv', ',13,');
  assert.is(expected, 8);
  const { line, message } = await reportedLine('inputs/bad-month-crlf.csv');
  assert.match(message, 'Received: "13"');
  assert.is(line, expected, `the bad month is on line ${expected}; the message says: ${message}`);
});

test("CSV field error in a row that spans lines: placed on the line of the bad cell, not the row's last line", async () => {
  const expected = lineOf('inputs/bad-month-multiline.csv', ',14,');
  const { line, message } = await reportedLine('inputs/bad-month-multiline.csv');
  assert.match(message, 'Received: "14"');
  assert.is(line, expected, `the bad month is on line ${expected}; the message says: ${message}`);
});

// 3. YAML

test('YAML: a native timeline written as YAML loads to the same timeline as its JSON twin', async () => {
  const [yaml, json] = await Promise.all([loadTimeline(NATIVE_YAML), loadTimeline(NATIVE_JSON)]);
  assert.equal(yaml.timeline, json.timeline);
  assert.equal(yaml.warnings, []);
  assert.is(yaml.timeline.events.length, 3);
  // The folded block scalar and the flow mappings were read, not taken as text.
  assert.is(yaml.timeline.events[0]!.emphasis?.length, 1);
  assert.is(yaml.timeline.actors[1]!.id, 'USA');
  // Told apart by content too: YAML bytes under a name with no extension.
  assert.equal(parseTimeline(readFileSync(repoPath(NATIVE_YAML)), 'timeline').timeline, json.timeline);
});

test('YAML indented with a tab: file:LINE:COL naming tabs', async () => {
  const file = fixture('inputs/tab-indent.yaml');
  const line =
    readRepoText(file)
      .split('\n')
      .findIndex((l) => l.startsWith('\t')) + 1;
  assert.ok(line > 0);
  const error = await expectInputError(() => loadTimeline(file));
  assert.is(error.diagnostics.length, 1);
  assert.ok(error.message.startsWith(`${file}:${line}:1: Invalid YAML.`), error.message);
  assert.match(error.message, 'Tabs');
});

test('YAML field error: an unknown actor names events[0].actor', async () => {
  const file = fixture('inputs/unknown-actor.yaml');
  const error = await expectInputError(() => loadTimeline(file));
  assert.equal(
    error.diagnostics.map((d) => d.place),
    ['events[0].actor'],
  );
  assert.ok(error.message.startsWith(`${file}: events[0].actor: `), error.message);
  assert.match(error.message, 'Received: "UK"');
});

// 4. stdin, --name, --from

test('stdin: the data file piped into `-` renders piped.pdf', async () => {
  await withTempDir(async (dir) => {
    const result = runCliWithStdin(['-', '--format', 'pdf', '--name', 'piped', '--out', dir], readFileSync(repoPath(DATA_FILE)));
    assert.is(result.status, 0, result.stderr);
    assert.equal(readdirSync(dir), ['piped.pdf']);
    const pdf = readFileSync(join(dir, 'piped.pdf'));
    assert.is(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const read = await readPdf(pdf);
    assert.is(read.info.Title, (JSON.parse(readRepoText(DATA_FILE)) as { title: string }).title);
  });
});

test('stdin: render - reads stdin (bad JSON on stdin: exit 1 naming <stdin>, not a silent exit 0)', async () => {
  await withTempDir((dir) => {
    const result = runCliWithStdin(['-', '--format', 'pdf', '--out', dir], '{ "title": ');
    assert.is(result.status, 1, `exit ${result.status}; stderr: ${JSON.stringify(result.stderr)}`);
    assert.ok(result.stderr.startsWith(`${STDIN_NAME}:`), result.stderr);
    assert.equal(readdirSync(dir), []);
  });
});

test('stdin: validate - with bad JSON names <stdin> with line:column, exit 1, no stack', () => {
  const result = runCliWithStdin(['validate', '-'], '{\n  "title": "Cut short",\n  "events": [\n');
  assert.is(result.status, 1, result.stderr);
  assert.ok(result.stderr.startsWith(`${STDIN_NAME}:`), result.stderr);
  assert.match(result.stderr, /^<stdin>:\d+:\d+: Invalid JSON\./);
  assert.not.match(result.stderr, STACK_LINE);
  assert.is(result.stdout, '');
});

test('stdin: validate - tells YAML from its content', () => {
  const result = runCliWithStdin(['validate', '-'], readRepoText(NATIVE_YAML));
  assert.is(result.status, 0, result.stderr);
  assert.is(result.stdout, `${STDIN_NAME}: ok: 3 events, 3 actors\n`);
});

test('--name ../evil: exit 2, nothing written', async () => {
  await withTempDir((dir) => {
    const out = join(dir, 'out');
    const result = runCli([DATA_FILE, '--name', '../evil', '--out', out, '--format', 'pdf']);
    assert.is(result.status, 2, result.stderr);
    assert.match(result.stderr, '--name');
    assert.match(result.stderr, '"../evil"');
    assert.not.ok(existsSync(out), 'the output folder was made');
    assert.equal(readdirSync(dir), []);
  });
});

test('--from csv reads a .txt file that holds CSV as CSV (without it, as an article)', async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, 'sheet.txt');
    copyFileSync(repoPath(TIMELINEJS_CSV), file);
    const asArticle = runCli(['validate', file]);
    assert.is(asArticle.status, 1, asArticle.stdout);
    assert.match(asArticle.stderr, 'No events found');
    const asCsv = runCli(['validate', file, '--from', 'csv']);
    assert.is(asCsv.status, 0, asCsv.stderr);
    const { timeline } = await loadTimeline(TIMELINEJS_CSV);
    assert.is(asCsv.stdout, `${file}: ok: ${timeline.events.length} events, ${timeline.actors.length} actors\n`);
    assert.equal(essentials((await loadTimeline(file, 'csv')).timeline), essentials(timeline));
  });
});

// 5. import round trip

for (const input of [NATIVE_JSON, NATIVE_YAML, TIMELINEJS_JSON, TIMELINEJS_CSV, RUSSIAN_ARTICLE]) {
  test(`import ${input}: native JSON on stdout that loads again to the same timeline`, async () => {
    const result = runCli(['import', input]);
    assert.is(result.status, 0, result.stderr);
    const original = await loadTimeline(input);
    // Warnings go to stderr, never into the JSON.
    for (const warning of original.warnings) assert.match(result.stderr, warning);
    const doc = JSON.parse(result.stdout) as { events?: unknown[] };
    assert.is(doc.events?.length, original.timeline.events.length);
    await withTempDir(async (dir) => {
      const file = join(dir, 'imported.json');
      writeFileSync(file, result.stdout);
      const again = await loadTimeline(file);
      assert.equal(again.warnings, []);
      assert.equal(again.timeline.events, original.timeline.events);
      assert.equal(essentials(again.timeline), essentials(original.timeline));
    });
  });
}

// 6. Actors and layout

const ONE_ACTOR: Timeline = {
  title: 'One actor only',
  actors: actorsOf(['Solo']),
  events: [event('Solo', 'First.', '2018'), event('Solo', 'Second.', '2019'), event('Solo', 'Third.', '2020')],
};
const FOUR_ACTORS: Timeline = {
  title: 'Four actors',
  actors: actorsOf(['Alpha', 'Bravo', 'Charlie', 'Delta']),
  events: ['Alpha', 'Bravo', 'Charlie', 'Delta'].map((a, i) => event(a, `Event of ${a}.`, String(2015 + i))),
};

for (const [name, timeline] of [
  ['one actor', ONE_ACTOR],
  ['four actors', FOUR_ACTORS],
] as const) {
  test(`${name}: a single column, every card right of the spine, the legend lists every actor when there are several`, async () => {
    assert.is(layoutModeFor(timeline.actors, 960), 'single');
    assert.ok([...actorSides(timeline.actors, 'single').values()].every((s) => s === 'right'));
    const layout = await layoutTimeline(timeline, 1080, 60, LAYOUT);
    assert.is(layout.geometry.mode, 'single');
    const cards = tallScene(layout).layers.filter((l) => l.role === 'event');
    assert.is(cards.length, timeline.events.length);
    for (const card of cards)
      assert.ok(
        card.x > layout.geometry.spineX,
        `card ${card.eventIndex} at x ${card.x} is not right of the spine at ${layout.geometry.spineX}`,
      );
    const labels = textBoxes(layout.header.svg).map((t) => t.text);
    // One actor is named nowhere (one-actor.test.ts): there is nothing to tell apart.
    const named = timeline.actors.length > 1;
    for (const actor of timeline.actors)
      assert.is(labels.includes(actor.label), named, `the header ${named ? 'lacks' : 'names'} ${actor.label}: ${labels.join('|')}`);
  });
}

test('control: exactly two actors (and a joint one) lay out on two sides', async () => {
  const timeline: Timeline = {
    title: 'Two sides',
    actors: actorsOf(['Left', 'Right'], ['Both']),
    events: [event('Left', 'L.'), event('Right', 'R.'), event('Both', 'B.')],
  };
  assert.is(layoutModeFor(timeline.actors, 960), 'two-sided');
  assert.is((await layoutTimeline(timeline, 1080, 60, LAYOUT)).geometry.mode, 'two-sided');
  // Three sides besides the joint actor are one column again.
  assert.is(layoutModeFor(actorsOf(['A', 'B', 'C'], ['Both']), 960), 'single');
});

test('a 60-letter word stays inside its card, in one column and on two sides', async () => {
  const long = 'W'.repeat(30) + 'Supercalifragilisticexpialidocious'.slice(0, 30);
  assert.is(long.length, 60);
  const text = `Before ${long} after.`;
  const cases: Timeline[] = [
    { title: 'One column', actors: actorsOf(['Solo']), events: [event('Solo', text), { ...event('Solo', 'Short text.'), headline: long }] },
    {
      title: 'Two sides',
      actors: actorsOf(['Left', 'Right'], ['Both']),
      events: [event('Left', text), event('Right', text), event('Both', text)],
    },
  ];
  for (const timeline of cases) {
    const layout = await layoutTimeline(timeline, 1080, 60, LAYOUT);
    for (const card of cardBlocks(layout)) {
      const boxes = textBoxes(card.block.svg);
      // The whole word is drawn (split over lines, never cut).
      assert.ok(
        boxes
          .map((b) => b.text)
          .join('')
          .includes(long.slice(0, 30)),
        `event ${card.eventIndex}: the long word is not drawn`,
      );
      for (const box of boxes) {
        assert.ok(Number.isFinite(box.x) && Number.isFinite(box.width), `unreadable <text>: ${JSON.stringify(box)}`);
        assert.ok(
          box.x + box.width <= card.block.width + 0.01,
          `${timeline.title}, event ${card.eventIndex}: "${box.text}" ends at ${box.x + box.width}, past the card's width ${card.block.width}`,
        );
      }
    }
  }
});

// 7. Scripts

test('Russian article: dates parse ("12 апреля 1961" is 1961-04-12), СССР and США are sides, Вместе is joint', async () => {
  assert.equal(parseDate('12 апреля 1961'), { start: '1961-04-12', end: '1961-04-12' });
  // Other Russian forms: genitive with "г."/"года", nominative months, seasons (winter runs into the next year).
  assert.equal(parseDate('4 октября 1957 г.'), { start: '1957-10-04', end: '1957-10-04' });
  assert.equal(parseDate('1 мая 1960 года'), { start: '1960-05-01', end: '1960-05-01' });
  assert.equal(parseDate('Март 1962'), { start: '1962-03-01', end: '1962-03-31' });
  assert.equal(parseDate('Зима 1961'), { start: '1961-12-01', end: '1962-02-28' });
  assert.is(parseDate('32 апреля 1961'), undefined);
  const { timeline } = await loadTimeline(RUSSIAN_ARTICLE);
  const dateLines = readRepoText(RUSSIAN_ARTICLE)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => parseDate(l));
  assert.equal(
    timeline.events.map((e) => e.date),
    dateLines,
  );
  assert.equal(
    timeline.events.map((e) => e.range),
    dateLines.map((d) => parseDate(d)),
  );
  const gagarin = timeline.events.find((e) => e.date === '12 апреля 1961');
  assert.equal(gagarin?.range, { start: '1961-04-12', end: '1961-04-12' });
  assert.equal(timeline.events[0]!.range, { start: '1957-10-01', end: '1957-10-31' });
  assert.equal(
    timeline.actors.map((a) => [a.id, a.joint === true]),
    [
      ['СССР', false],
      ['США', false],
      ['Вместе', true],
    ],
  );
  assert.is(layoutModeFor(timeline.actors, 960), 'two-sided');
  const sides = actorSides(timeline.actors, 'two-sided');
  assert.equal([sides.get('СССР'), sides.get('США'), sides.get('Вместе')], ['left', 'right', 'center']);
});

const SCRIPT_BASE = {
  title: 'Scripts',
  actors: [
    { id: 'A', color: '#1f5a96' },
    { id: 'B', color: '#b42a22' },
  ],
  events: [
    { date: '2019', actor: 'A', text: 'Plain Latin text.' },
    { date: '2020', actor: 'B', text: 'More plain text.' },
    { date: '2021', actor: 'A', text: 'Still plain.' },
  ],
};

function withEventText(index: number, text: string, headline?: string) {
  const events = SCRIPT_BASE.events.map((e, i) => (i === index ? { ...e, text, ...(headline ? { headline } : {}) } : e));
  return nativeBytes({ ...SCRIPT_BASE, events });
}

test('Greek text validates and has every glyph', () => {
  const greek = 'Η Ελλάδα και η Κύπρος υπογράφουν συμφωνία για το φυσικό αέριο.';
  const loaded = parseTimeline(
    nativeBytes({ ...SCRIPT_BASE, title: 'Ελλάδα: χρονολόγιο', events: SCRIPT_BASE.events.map((e) => ({ ...e, text: greek })) }),
    'greek.json',
  );
  assert.is(loaded.timeline.title, 'Ελλάδα: χρονολόγιο');
  assert.is(loaded.timeline.events[1]!.text, greek);
  assert.equal(glyphDiagnostics(loaded.timeline), []);
});

test('Arabic text in an event is refused, naming Arabic and events[N].text', async () => {
  const error = await expectInputError(() =>
    refuseMissingGlyphs(parseTimeline(withEventText(1, 'وقعت الحكومة اتفاقا جديدا.'), 'arabic.json')),
  );
  assert.equal(
    error.diagnostics.map((d) => d.place),
    ['events[1].text'],
  );
  assert.match(error.message, 'Arabic');
  assert.ok(error.message.startsWith('arabic.json: events[1].text: '), error.message);
  assert.is(error.exitCode, 1);
});

test('a library caller rendering its own Timeline with a character no font has (中) is refused too, naming the field', async () => {
  const { timeline } = parseTimeline(withEventText(2, 'A Chinese 中 in the text.'), 'snowman.json');
  const error = await renderTimeline(timeline, renderOptions({ formats: ['png'] })).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  assert.instance(error, TimelineError);
  assert.match((error as TimelineError).message, /^events\[2\]\.text: .*"中".*U\+4E2D/);
  assert.is((error as TimelineError).exitCode, 1);
});

test('a character no bundled font has (中) is refused, naming it, U+4E2D and the field', async () => {
  // Loading does not ask the renderer's fonts: the file reads, and the check before the render refuses it.
  assert.is(
    parseTimeline(withEventText(2, 'A Chinese 中 in the text.'), 'snowman.json').timeline.events[2]!.text,
    'A Chinese 中 in the text.',
  );
  const error = await expectInputError(() =>
    refuseMissingGlyphs(parseTimeline(withEventText(2, 'A Chinese 中 in the text.'), 'snowman.json')),
  );
  assert.equal(
    error.diagnostics.map((d) => d.place),
    ['events[2].text'],
  );
  assert.match(error.message, '"中"');
  assert.match(error.message, 'U+4E2D');
  assert.ok(error.message.startsWith('snowman.json: events[2].text: '), error.message);
  // The same character in a headline is placed there.
  const headline = await expectInputError(() =>
    refuseMissingGlyphs(parseTimeline(withEventText(0, 'Plain.', 'Middle 中'), 'snowman.json')),
  );
  assert.equal(
    headline.diagnostics.map((d) => d.place),
    ['events[0].headline'],
  );
});

// 8. Media

/** Writes a one-event timeline whose event media is `src` into `folder`, and loads it. */
async function loadWithMedia(folder: string, src: string): Promise<LoadedTimeline> {
  const file = join(folder, 'data.json');
  writeFileSync(file, JSON.stringify({ ...SCRIPT_BASE, events: [{ ...SCRIPT_BASE.events[0], media: { src } }] }));
  return loadTimeline(file);
}

async function refusedMedia(folder: string, src: string) {
  const error = await expectInputError(() => loadWithMedia(folder, src));
  assert.equal(
    error.diagnostics.map((d) => d.place),
    ['events[0].media.src'],
    error.message,
  );
  assert.match(error.message, `${join(folder, 'data.json')}: events[0].media.src: `);
  return error;
}

test("media.json loads its two images, the photo and the event's", async () => {
  const loaded = await loadTimeline(fixture('media.json'));
  const doc = JSON.parse(readRepoText(fixture('media.json'))) as { photo: { src: string }; events: Array<{ media?: { src: string } }> };
  const sources = [doc.photo.src, ...doc.events.flatMap((e) => (e.media ? [e.media.src] : []))];
  assert.is(sources.length, 2);
  assert.equal([...loaded.images.keys()].sort(), [...sources].sort());
  for (const src of sources) {
    const image = loaded.images.get(src)!;
    const bytes = readFileSync(repoPath(fixture(src)));
    assert.is(image.uri, `data:image/${src.endsWith('.png') ? 'png' : 'jpeg'};base64,${bytes.toString('base64')}`);
    assert.ok(image.width > 0 && image.height > 0);
  }
  const png = PNG.sync.read(readFileSync(repoPath(fixture('media/map.png'))));
  assert.equal([loaded.images.get('media/map.png')!.width, loaded.images.get('media/map.png')!.height], [png.width, png.height]);
});

test('media: ../ out of the data folder is refused, naming the field', async () => {
  await withTempDir(async (dir) => {
    const data = join(dir, 'data');
    mkdirSync(data);
    copyFileSync(repoPath(fixture('media/map.png')), join(dir, 'outside.png'));
    const error = await refusedMedia(data, '../outside.png');
    assert.match(error.message, "inside the data file's folder");
    await refusedMedia(data, 'media/../../outside.png');
  });
});

test('media: an absolute path is refused, even to a file inside the folder', async () => {
  await withTempDir(async (dir) => {
    const inside = join(dir, 'map.png');
    copyFileSync(repoPath(fixture('media/map.png')), inside);
    assert.is((await loadWithMedia(dir, 'map.png')).images.size, 1, 'control: the relative path loads');
    const error = await refusedMedia(dir, inside);
    assert.match(error.message, JSON.stringify(inside));
  });
});

test('media: an http URL in media.src is refused, saying nothing is fetched, and nothing is', async () => {
  await withTempDir(async (dir) => {
    const { error, attempts } = await withoutNetwork(() => refusedMedia(dir, 'http://example.com/photo.png'));
    assert.is(error, undefined, String(error));
    assert.equal(attempts, []);
    const message = (await expectInputError(() => loadWithMedia(dir, 'https://example.com/photo.png'))).message;
    assert.match(message, 'nothing is fetched');
  });
});

test('media: a link inside the folder that leads outside is refused (a file and a folder link)', async () => {
  await withTempDir(async (dir) => {
    const data = join(dir, 'data');
    const outside = join(dir, 'outside');
    mkdirSync(data);
    mkdirSync(outside);
    copyFileSync(repoPath(fixture('media/map.png')), join(outside, 'map.png'));
    copyFileSync(repoPath(fixture('media/map.png')), join(data, 'real.png'));
    symlinkSync(join(outside, 'map.png'), join(data, 'link.png'));
    symlinkSync(outside, join(data, 'linked-folder'));
    symlinkSync('real.png', join(data, 'inner-link.png'));
    assert.is((await loadWithMedia(data, 'inner-link.png')).images.size, 1, 'control: a link that stays inside loads');
    assert.match((await refusedMedia(data, 'link.png')).message, 'link');
    assert.match((await refusedMedia(data, 'linked-folder/map.png')).message, 'link');
  });
});

test('media: a file that is not an image is refused, even named .png', async () => {
  await withTempDir(async (dir) => {
    writeFileSync(join(dir, 'notes.png'), 'This is text, not a PNG.\n');
    writeFileSync(join(dir, 'notes.txt'), 'Also text.\n');
    assert.match((await refusedMedia(dir, 'notes.png')).message, 'PNG or JPEG');
    assert.match((await refusedMedia(dir, 'notes.txt')).message, 'PNG or JPEG');
  });
});

test('media: a file inside the folder whose name starts with ".." is not taken for a path outside it', async () => {
  await withTempDir(async (dir) => {
    copyFileSync(repoPath(fixture('media/map.png')), join(dir, '..map.png'));
    let loaded: LoadedTimeline | undefined;
    let message = '';
    try {
      loaded = await loadWithMedia(dir, '..map.png');
    } catch (error) {
      message = (error as Error).message;
    }
    assert.ok(loaded, `a file in the data folder was refused: ${message}`);
    assert.is(loaded.images.size, 1);
  });
});

// 9. Done when: each input renders to PNG and PDF, every event's text whole in the PDF

for (const input of [TIMELINEJS_JSON, TIMELINEJS_CSV, RUSSIAN_ARTICLE]) {
  test(`render ${input}: exit 0, a PNG over 2000 px wide, every event's text whole in the PDF`, async () => {
    const loaded = await loadTimeline(input);
    await withTempDir(async (dir) => {
      const result = runCli([input, '--out', dir]);
      assert.is(result.status, 0, result.stderr);
      const png = readFileSync(join(dir, `${loaded.name}.png`));
      assert.ok(png.subarray(0, 8).equals(PNG_SIGNATURE), 'not a PNG');
      const decoded = PNG.sync.read(png);
      assert.ok(decoded.width > 2000, `the PNG is ${decoded.width} px wide`);
      assert.ok(decoded.height > decoded.width, `the PNG is ${decoded.width}x${decoded.height}, not tall`);
      const bytes = readFileSync(join(dir, `${loaded.name}.pdf`));
      const pdf = await readPdf(bytes);
      assert.is(pdf.info.Title, loaded.timeline.title);
      assert.ok(pdf.pageTexts[0]!.startsWith(normalise(loaded.timeline.title)), `page 1 opens with: ${pdf.pageTexts[0]!.slice(0, 80)}`);
      const pages = await pdfSetTexts(bytes);
      assert.is(pages.length, pdf.pages);
      loaded.timeline.events.forEach((e, i) => {
        const phrase = normalise(e.text);
        assert.ok(
          pages.some((page) => page.includes(phrase)),
          `events[${i}] text is not whole on one page of the PDF: ${phrase}\n${pages.join('\n---\n')}`,
        );
        if (e.headline)
          assert.ok(
            pages.some((page) => page.includes(normalise(e.headline!))),
            `events[${i}] headline is not in the PDF`,
          );
      });
    });
  });
}

// Issue 13: what real TimelineJS files, CSV tables and articles hold.

const slide = (year: number | string, text: Record<string, string>, more: Record<string, unknown> = {}) => ({
  start_date: { year },
  text,
  ...more,
});
const tjs = (doc: Record<string, unknown>, name = 'real.json') => parseTimeline(Buffer.from(JSON.stringify(doc)), name);
const TITLE = { text: { headline: 'A title' } };

test('13.1 media.url: HTML embeds, //host and /static links are skipped with one warning; nothing is taken for a path', async () => {
  const media = [
    '<blockquote class="twitter-tweet"><p>Quoted post</p></blockquote>',
    '<iframe src="https://x"></iframe>',
    '//www.flickr.com/photos/1.jpg',
    '/static/img/houston.jpg',
    'https://youtu.be/x',
    'youtube.com/watch?v=1',
  ];
  const {
    value: loaded,
    error,
    attempts,
  } = await withoutNetwork(async () =>
    tjs({
      title: TITLE,
      events: media.map((url, i) => slide(2000 + i, { headline: `Slide ${i}` }, { media: { url } })),
    }),
  );
  assert.is(error, undefined, String(error));
  assert.equal(attempts, []);
  assert.is(loaded!.timeline.events.length, media.length);
  assert.ok(loaded!.timeline.events.every((e) => e.media === undefined));
  assert.equal(loaded!.warnings, [
    'real.json: warning: skipped 4 web links and 2 embeds (HTML) in media: only PNG and JPEG files beside the data file are drawn; nothing is fetched.',
  ]);
});

test('13.1 a local media file that cannot be drawn is named as the file names it: events[0].media.url', async () => {
  await withTempDir(async (dir) => {
    writeFileSync(join(dir, 'not-an-image.png'), 'text');
    writeFileSync(
      join(dir, 'tl.json'),
      JSON.stringify({ title: TITLE, events: [slide(2001, { text: 'x' }, { media: { url: 'not-an-image.png', caption: 'A photo' } })] }),
    );
    const error = await expectInputError(() => loadTimeline(join(dir, 'tl.json')));
    assert.equal(
      error.diagnostics.map((d) => d.place),
      ['events[0].media.url'],
    );
    assert.not.match(error.message, 'media.src');
  });
});

test('13.1 media alt text: TimelineJS alt, else the caption', () => {
  const { timeline } = tjs({
    title: TITLE,
    events: [
      slide(2001, { text: 'a' }, { media: { url: 'a.png', caption: 'The <b>caption</b>', alt: 'What it shows' } }),
      slide(2002, { text: 'b' }, { media: { url: 'b.jpg', caption: 'Only a caption' } }),
    ],
  });
  assert.equal(
    timeline.events.map((e) => e.media?.alt),
    ['What it shows', 'Only a caption'],
  );
  assert.is(timeline.events[0]!.media!.caption, 'The caption');
});

test('13.2 years before 1000 and BCE are read, sorted and written "602" and "5410 BCE"; display_date wins', () => {
  const { timeline, warnings } = tjs({
    title: TITLE,
    events: [
      slide(602, { text: 'Seventh century' }),
      slide(-5410, { text: 'Neolithic' }),
      slide(-13_800_000_000, { text: 'Big Bang' }, { display_date: '13.8 billion years ago' }),
      slide('-44', { text: 'Ides of March' }, { start_date: { year: '-44', month: '3', day: '15' } }),
    ],
  });
  assert.equal(warnings, []);
  assert.equal(
    timeline.events.map((e) => e.date),
    ['602', '5410 BCE', '13.8 billion years ago', 'March 15, 44 BCE'],
  );
  assert.equal(
    timeline.events.map((e) => e.range.start),
    ['0602-01-01', '-5410-01-01', '-13800000000-01-01', '-0044-03-15'],
  );
  assert.equal(readingOrder(timeline), [2, 1, 3, 0]);
});

test('13.2 a bad date is named by the field the user wrote, once, without internal values', async () => {
  const events = Array.from({ length: 20 }, (_, i) =>
    slide(i === 3 ? 'soon' : 600 + i, { text: `Event ${i}` }, { end_date: { year: 700 } }),
  );
  const error = await expectInputError(() => tjs({ title: TITLE, events }));
  assert.equal(error.message.split('\n'), [
    'real.json: events[3].start_date.year: Invalid value for events[3].start_date.year. Allowed: a whole year such as 2015, 602 or -5410 (5410 BCE). Received: "soon".',
  ]);
});

test('13.3 hour, minute and second order same-day events and are shown in AP style; display_date wins', () => {
  const at = (hour: number, minute: number, text: string, more = {}) => ({
    start_date: { year: 2019, month: 3, day: 3, hour, minute },
    text: { text },
    ...more,
  });
  const { timeline } = tjs({
    title: TITLE,
    events: [at(20, 30, 'Evening'), at(9, 5, 'Morning'), at(12, 0, 'Noon', { display_date: 'Midday' })],
  });
  assert.equal(
    timeline.events.map((e) => e.date),
    ['March 3, 2019, 8:30 p.m.', 'March 3, 2019, 9:05 a.m.', 'Midday'],
  );
  assert.equal(
    readingOrder(timeline).map((i) => timeline.events[i]!.text),
    ['Morning', 'Noon', 'Evening'],
  );
});

test("13.3 the sheet's Time column orders and shows the time", () => {
  const csv =
    'Year,Month,Day,Time,Headline,Text,Type\n,,,,Title,,title\n2019,3,3,8:30 PM,Late,Late text,\n2019,3,3,9:05 AM,Early,Early text,\n';
  const { timeline } = parseTimeline(Buffer.from(csv), 'sheet.csv');
  assert.equal(
    timeline.events.map((e) => e.date),
    ['March 3, 2019, 8:30 p.m.', 'March 3, 2019, 9:05 a.m.'],
  );
  assert.equal(readingOrder(timeline), [1, 0]);
});

test('13.4 no title slide: the title comes from the file name, with one warning; --title and --dek set them', () => {
  const doc = { events: [slide(2001, { text: 'x' })] };
  const loaded = tjs(doc, 'msk-bomb_hoax.json');
  assert.is(loaded.timeline.title, 'Msk bomb hoax');
  assert.equal(loaded.warnings, [
    'msk-bomb_hoax.json: warning: no title slide with a headline; the title "Msk bomb hoax" is made from the file name (--title sets one).',
  ]);
  const given = parseTimeline(Buffer.from(JSON.stringify(doc)), 'x.json', undefined, undefined, { title: 'Given', dek: 'A dek' });
  assert.equal([given.timeline.title, given.timeline.dek, given.warnings], ['Given', 'A dek', []]);
  const native = parseTimeline(readFileSync(NATIVE_JSON), 'n.json', undefined, undefined, { title: 'Over the file' });
  assert.is(native.timeline.title, 'Over the file');
});

test('13.5 a slide of only media and a caption takes the caption, else the credit, else the quoted post', () => {
  const { timeline, warnings } = tjs({
    title: TITLE,
    events: [
      slide(2001, {}, { media: { url: 'https://x/1.jpg', caption: 'The caption', credit: 'AP' } }),
      slide(2002, { text: '' }, { media: { url: 'https://x/2.jpg', credit: 'Reuters' } }),
      slide(2003, {}, { media: { url: '<blockquote>Words of the post</blockquote>' } }),
      slide(2004, {}, {}),
      slide(2005, { headline: 'Edith Clarke' }, { media: { url: '<blockquote>There is no demand for women engineers.</blockquote>' } }),
    ],
  });
  assert.equal(
    timeline.events.map((e) => e.text),
    ['The caption', 'Reuters', 'Words of the post', 'There is no demand for women engineers.'],
  );
  assert.is(timeline.events[3]!.headline, 'Edith Clarke');
  assert.ok(
    warnings.some((w) => w.includes('skipped 1 slide with no headline, text or caption: events[3].text.text (2004)')),
    warnings.join('\n'),
  );
});

test('13.7 paragraphs and list items stay apart: "\\n" between, "• " before each item; emphasis still on its words', () => {
  const { timeline } = tjs({
    title: TITLE,
    events: [slide(2001, { text: '<p>First <b>para</b>.</p><p>Second.</p><ul><li>one</li><li><i>two</i></li></ul>' })],
  });
  const event = timeline.events[0]!;
  assert.is(event.text, 'First para.\nSecond.\n• one\n• two');
  assert.equal(
    event.emphasis!.map((e) => event.text.slice(e.start, e.end)),
    ['para', 'two'],
  );
  // A native file's "\n" is a paragraph break too, not a control character.
  const native = parseTimeline(withEventText(0, 'One.\nTwo.'), 'n.json');
  assert.is(native.timeline.events[0]!.text, 'One.\nTwo.');
  assert.equal(native.warnings, []);
  // A YAML block's blank lines and CRLF make one break each; emphasis stays on its words.
  const yaml =
    'title: Y\nactors:\n  - { id: A, color: "#1f5a96" }\nevents:\n  - date: "2019"\n    actor: A\n    text: "One.\\r\\n\\r\\n  Two **b**.\\n\\n\\n• three\\n"\n    emphasis: [{ start: 16, end: 17, style: bold }]\n';
  const block = parseTimeline(Buffer.from(yaml), 'y.yaml').timeline.events[0]!;
  assert.is(block.text, 'One.\nTwo **b**.\n• three');
  assert.equal(
    block.emphasis!.map((e) => block.text.slice(e.start, e.end)),
    ['b'],
  );
});

test('13.8 a file with no groups has exactly one actor', () => {
  const { timeline } = tjs({ title: TITLE, events: [slide(2001, { text: 'a' }), slide(2002, { text: 'b' })] });
  assert.is(timeline.actors.length, 1);
});

test('13.12 a TimelineJS 2 file is read: startDate "2012,1,26", headline, text, asset, tag', () => {
  const legacy = {
    timeline: {
      headline: 'Old format',
      text: '<p>Its dek</p>',
      date: [
        {
          startDate: '2012,1,26',
          endDate: '2012,1,27',
          headline: 'First',
          text: '<p>Body</p>',
          asset: { media: 'http://youtu.be/x', caption: '' },
        },
        { startDate: '2011,12,12', headline: 'Earlier', text: '', tag: 'Other' },
      ],
    },
  };
  const { timeline, kind, warnings } = tjs(legacy, 'legacy.json');
  assert.is(kind, 'timelinejs2');
  assert.equal([timeline.title, timeline.dek], ['Old format', 'Its dek']);
  assert.equal(
    timeline.events.map((e) => [e.date, e.headline, e.text, e.actor]),
    [
      ['January 26–27, 2012', 'First', 'Body', 'Events'],
      ['December 12, 2011', undefined, 'Earlier', 'Other'],
    ],
  );
  assert.equal(warnings.length, 1);
});

test('13.13 a plain CSV (date,event,source) is read; --columns names other headers; no date column fails in one line', async () => {
  const csv = 'date,event,source\n"March 20, 2003",U.S.-led forces invade Iraq.,AP\n2011,The last U.S. troops leave.,AP\n';
  const plain = parseTimeline(Buffer.from(csv), 'iraq.csv');
  assert.is(plain.kind, 'csv');
  assert.equal(
    plain.timeline.events.map((e) => [e.date, e.text]),
    [
      ['March 20, 2003', 'U.S.-led forces invade Iraq.'],
      ['2011', 'The last U.S. troops leave.'],
    ],
  );
  assert.ok(
    plain.warnings.some((w) => w.includes('not read: source')),
    plain.warnings.join('\n'),
  );
  const named = parseTimeline(Buffer.from('When,What,Who\n2019,Something,Us\n'), 'w.csv', undefined, undefined, {
    columns: { date: 'When', text: 'What', actor: 'Who' },
  });
  assert.equal(
    named.timeline.events.map((e) => [e.date, e.text, e.actor]),
    [['2019', 'Something', 'Us']],
  );
  const error = await expectInputError(() => parseTimeline(Buffer.from('position,title,desc\n1,A,B\n'), 'nodate.csv'));
  assert.equal(error.message.split('\n').length, 1);
  assert.match(error.message, 'nodate.csv:1:1: No date column.');
});

test('13.13 --date-order dmy reads 9/11/2001 in a CSV as 9 November', () => {
  const csv = 'date,text\n9/11/2001,Event\n';
  assert.is(parseTimeline(Buffer.from(csv), 'a.csv').timeline.events[0]!.range.start, '2001-09-11');
  assert.is(
    parseTimeline(Buffer.from(csv), 'a.csv', undefined, undefined, { dateOrder: 'dmy' }).timeline.events[0]!.range.start,
    '2001-11-09',
  );
});

/** Article shapes newspapers print (issue 13, point 14): each gives all its events in order. */
const ARTICLE_SHAPES: Array<[string, string, string[]]> = [
  [
    'date and text on one line, with ":", " — " and " – "',
    'The Iraq War\nHow it unfolded.\nMarch 20, 2003: U.S.-led forces invade Iraq.\nApril 9, 2003 — Baghdad falls.\nDec. 13-15, 2003 – Saddam Hussein is captured.',
    ['March 20, 2003', 'April 9, 2003', 'Dec. 13-15, 2003'],
  ],
  [
    'a date line directly above its text, no actor, no blank lines',
    'A Storm\nWhat happened.\nTuesday, May 14, 2024\nThe storm makes landfall.\nMid-2024\nRebuilding starts.',
    ['Tuesday, May 14, 2024', 'Mid-2024'],
  ],
  [
    'no dek: the first entry is not lost',
    'Decades of Change\n1990s: The web arrives.\nEarly 2019: A pandemic looms.\nLate 2021: Recovery.',
    ['1990s', 'Early 2019', 'Late 2021'],
  ],
  [
    'year spans, c. and numeric dates',
    'History\nA dek.\n2019-2020\nTwo years.\n2022-23\nA season.\nc. 1815\nWaterloo.\n9/11/2001\nAttacks.',
    ['2019-2020', '2022-23', 'c. 1815', '9/11/2001'],
  ],
  [
    'French, German and Spanish month names',
    'Europa\nUn chapeau.\n14 juillet 1789 : Prise de la Bastille.\n9. November 1989: Mauerfall.\n20 de noviembre de 1975: Muere Franco.',
    ['14 juillet 1789', '9. November 1989', '20 de noviembre de 1975'],
  ],
  [
    'a year heading over entries that name only day and month ("5 mai. — …", "12 et 13 juillet. — …")',
    "L'année 1789\n\n1789.\n\n5 mai. — Les États-Généraux s’ouvrent.\n\n12 et 13 juillet. — Des troubles éclatent.\n\n14 juillet. — La Bastille est prise.",
    ['5 mai 1789', '12 et 13 juillet 1789', '14 juillet 1789'],
  ],
  [
    'several entries under one date heading',
    'CDC Timeline\nA dek.\n1947\nCDC acquires a laboratory.\nEmory University deeds land.\n1948\nRabies work begins.',
    ['1947', '1947', '1948'],
  ],
  [
    '"Actor: text" pairs with blank lines (the seed\'s shape)',
    'US and Russia\nA dek.\n\nOctober 2015\n\nUS: One thing.\n\nNovember 2015\n\nRussia: Another.',
    ['October 2015', 'November 2015'],
  ],
];

for (const [shape, text, dates] of ARTICLE_SHAPES) {
  test(`13.14 article shape: ${shape}`, () => {
    const { timeline, warnings } = parseTimeline(Buffer.from(text), 'article.txt');
    assert.equal(
      timeline.events.map((e) => e.date),
      dates,
      warnings.join('\n'),
    );
    assert.equal(warnings, []);
    for (const e of timeline.events) assert.ok(e.text.length > 3 && !parseDate(e.text), e.text);
  });
}

test('13.14 skipped paragraphs are named in the warning (the first few, shortened)', () => {
  const text =
    'A Title\nA dek.\nPhoto: Jane Doe for the Paper, a long caption that runs on and on\n2019: Something.\nAdvertisement\nSign up for our newsletter\nRead more\n';
  const { warnings, timeline } = parseTimeline(Buffer.from(text), 'a.txt');
  assert.is(timeline.events.length, 1);
  assert.equal(warnings, [
    'a.txt: warning: skipped 4 paragraphs that are not events (dates without text, captions, page copy, links): "Photo: Jane Doe for the Paper, a long…", "Advertisement", "Sign up for our newsletter", ….',
  ]);
});

test('13.14 an article that starts with an entry keeps it: the title comes from the file name, with a warning', () => {
  const { timeline, warnings } = parseTimeline(Buffer.from('March 20, 2003: Invasion.\nApril 9, 2003: Baghdad falls.\n'), 'iraq-war.txt');
  assert.equal([timeline.title, timeline.events.length], ['Iraq war', 2]);
  assert.equal(warnings, [
    'iraq-war.txt: warning: the article has no title line; the title "Iraq war" is made from the file name (--title sets one).',
  ]);
});

test('13.14 "Actor:" prefixes make actors only when every entry has one', () => {
  const { timeline } = parseTimeline(Buffer.from('T\nD\n2019: Note: a colon in the text.\n2020: Plain text.\n'), 'a.txt');
  assert.equal(
    timeline.actors.map((a) => a.id),
    ['Events'],
  );
  assert.is(timeline.events[0]!.text, 'Note: a colon in the text.');
});

test.run();
