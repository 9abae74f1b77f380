import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../src/errors.ts';
import { htmlToText } from '../src/load/html.ts';
import { loadTimeline, type LoadedTimeline } from '../src/load/index.ts';
import { readingOrder, timelineSpan } from '../src/layout/scene.ts';
import { expectInputError, repoPath, runCli, withTempDir } from './helpers.ts';
import { normalise, readPdf } from './support/pdf.ts';

// Issue 13: the public files H1 collected in test/fixtures/real/ (sources and licences in its
// README.md), run through the loader as they are, and a few through the whole CLI.

const REAL = 'test/fixtures/real';
const files = (folder: string) =>
  readdirSync(repoPath(`${REAL}/${folder}`))
    .filter((f) => !f.startsWith('.'))
    .map((f) => `${REAL}/${folder}/${f}`);
const raw = (file: string) => readFileSync(repoPath(file), 'utf8');

/** The first words of a text, as a reader would search for it. */
const firstWords = (text: string, count = 4) => normalise(text).split(' ').slice(0, count).join(' ');

async function load(file: string): Promise<LoadedTimeline> {
  try {
    return await loadTimeline(repoPath(file));
  } catch (error) {
    throw new Error(`${file} did not load: ${error instanceof InputError ? error.message : String(error)}`);
  }
}

/** What every loaded real file must be: events with text, one actor when the file names no groups, dates in order. */
function assertSound(file: string, loaded: LoadedTimeline, expectedEvents: number): void {
  const { events, actors } = loaded.timeline;
  assert.is(events.length, expectedEvents, `${file}: events`);
  for (const [i, e] of events.entries())
    assert.ok(e.text.trim() !== '' && e.date.trim() !== '', `${file}: events[${i}] has a date and a text`);
  assert.ok(actors.length >= 1 && events.every((e) => actors.some((a) => a.id === e.actor)), `${file}: every event has an actor`);
  assert.ok(loaded.timeline.title.trim() !== '', `${file}: a title`);
  // No warning is about an event lost without a name.
  for (const w of loaded.warnings) assert.ok(w.startsWith(`${repoPath(file)}: warning: `), w);
}

// TimelineJS 3 JSON: every slide of the file is an event (counted from the file itself).
for (const file of files('timelinejs')) {
  test(`real TimelineJS JSON ${file.split('/').pop()}: every slide an event`, async () => {
    const doc = JSON.parse(raw(file)) as { events: Array<{ group?: string; text?: { headline?: string } }> };
    const loaded = await load(file);
    assert.is(loaded.kind, 'timelinejs');
    assertSound(file, loaded, doc.events.length);
    const groups = new Set(doc.events.map((e) => e.group?.trim()).filter(Boolean));
    if (groups.size === 0) assert.is(loaded.timeline.actors.length, 1, 'no groups: exactly one actor');
    // Each slide's headline is on its event, in the file's order.
    doc.events.forEach((slide, i) => {
      const headline = slide.text?.headline ? htmlToText(slide.text.headline).text : '';
      const event = loaded.timeline.events[i]!;
      if (headline)
        assert.ok(
          event.headline === headline || event.text === headline,
          `${file}: events[${i}] keeps its headline ${JSON.stringify(headline)}`,
        );
    });
  });
}

// TimelineJS sheets as CSV: every row that is not the title or an era is an event.
for (const file of files('sheets')) {
  test(`real TimelineJS sheet ${file.split('/').pop()}: every event row an event`, async () => {
    const rows = parse(raw(file), { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
    const type = rows[0]!.findIndex((h) => h.trim().toLowerCase() === 'type');
    const eventRows = rows
      .slice(1)
      .filter((r) => !['title', 'era'].includes(r[type]?.trim().toLowerCase() ?? '') && r.some((c) => c.trim() !== ''));
    const loaded = await load(file);
    assert.is(loaded.kind, 'sheet');
    assertSound(file, loaded, eventRows.length);
  });
}

test('real TimelineJS 2 file: read, every date[] entry an event, in date order once rendered', async () => {
  for (const file of files('legacy')) {
    const doc = JSON.parse(raw(file)) as { timeline: { date: unknown[] } };
    const loaded = await load(file);
    assert.is(loaded.kind, 'timelinejs2');
    assertSound(file, loaded, doc.timeline.date.length);
    const order = readingOrder(loaded.timeline).map((i) => loaded.timeline.events[i]!.range.start);
    assert.equal(order, [...order].sort(), `${file}: rendered in date order`);
  }
});

/** Plain CSV tables: events counted by hand from each file (rows with a date and a text). */
const PLAIN_CSV: Record<string, number> = {
  'publici-iraq-war-card-date-event-source.csv': 67,
  'abc7-defining-courage-title-date-desc.csv': 14,
  'wcfcourier-timeline-scrape-cr-line-ends.csv': 14,
};

test('real plain CSV tables: every dated row an event; the row without a date named in a warning', async () => {
  for (const [name, count] of Object.entries(PLAIN_CSV)) {
    const file = `${REAL}/csv/${name}`;
    const loaded = await load(file);
    assert.is(loaded.kind, 'csv');
    assertSound(file, loaded, count);
  }
  const abc7 = await load(`${REAL}/csv/abc7-defining-courage-title-date-desc.csv`);
  assert.ok(
    abc7.warnings.some((w) => w.includes('skipped 1 row with no date: line 2')),
    abc7.warnings.join('\n'),
  );
});

test('real CSV with no date column: refused in one line that says why', async () => {
  const file = repoPath(`${REAL}/csv/cbs-baltimore-bridge-no-date-column.csv`);
  const error = await expectInputError(() => loadTimeline(file));
  assert.equal(error.message.split('\n').length, 1);
  assert.ok(error.message.startsWith(`${file}:1:1: No date column.`), error.message);
  assert.match(error.message, 'position, title, time, video, desc');
});

/** Articles: each entry's count, as H1's README gives it, and its first date as printed. */
const ARTICLES: Record<string, [number, string]> = {
  'cdc-covid19-museum-timeline.txt': [10, 'December 12, 2019'],
  'cdc-history-1940s-decade-and-year-heads.txt': [12, '1946'],
  'magin-marrens-1789-fr-em-dash.txt': [6, '5 mai 1789'],
  'nasa-apollo-expeditions-chronology-one-line-colon.txt': [19, 'July 1958'],
  'voa-operation-iraqi-freedom-hyphen.txt': [3, 'March 19, 2003'],
  'wikinews-de-januar-2012-weekday-dates.txt': [7, 'Dienstag, 31. Januar 2012'],
  'wikipedia-de-was-geschah-am-20-januar-en-dash.txt': [4, '1488'],
};

for (const file of files('articles')) {
  const name = file.split('/').pop()!;
  test(`real article ${name}: every entry an event, in the article's order`, async () => {
    const expected = ARTICLES[name];
    assert.ok(expected, `${name} has no expectation here: add it`);
    const loaded = await load(file);
    assert.is(loaded.kind, 'article');
    assertSound(file, loaded, expected[0]);
    assert.is(loaded.timeline.events[0]!.date, expected[1]);
    // Each event's words stand in the article after the previous event's.
    const text = normalise(raw(file));
    let at = -1;
    for (const e of loaded.timeline.events) {
      const found = text.indexOf(firstWords(e.text), at + 1);
      assert.ok(found > at, `${name}: "${firstWords(e.text)}" comes after the event before it`);
      at = found;
    }
  });
}

/** A handful through the whole command, each kind once: BCE years, HTML embeds, a sheet, a French article. */
const RENDERED = [
  `${REAL}/timelinejs/knightlab-cosmo.json`,
  `${REAL}/timelinejs/knightlab-republican.json`,
  `${REAL}/sheets/knightlab-my-own-timeline.csv`,
  `${REAL}/articles/magin-marrens-1789-fr-em-dash.txt`,
];

for (const file of RENDERED) {
  test(`real file through the CLI, --preset all --format png,pdf: ${file.split('/').pop()}`, async () => {
    const loaded = await load(file);
    await withTempDir(async (dir) => {
      const result = runCli([file, '--preset', 'all', '--format', 'png,pdf', '--out', dir, '--name', 'real']);
      assert.is(result.status, 0, result.stderr);
      const pdf = await readPdf(readFileSync(join(dir, 'real.pdf')));
      const text = normalise(pdf.pageTexts.join(' '));
      for (const [i, e] of loaded.timeline.events.entries()) {
        const words = firstWords(e.headline ?? e.text, 3);
        assert.ok(text.includes(words), `${file}: events[${i}] "${words}" is in the PDF`);
      }
      assert.ok(readdirSync(dir).includes('real.png'));
    });
  });
}

test('a slide whose display_date is "." (TimelineJS hiding its date) gives the cover span its year, not the dot', async () => {
  const { timeline } = await loadTimeline(repoPath('test/fixtures/real/timelinejs/hundred-years-war-groups.json'));
  const { span } = timelineSpan(timeline, readingOrder(timeline, false));
  assert.ok(
    timeline.events.some((event) => event.date === '.'),
    'the file hides some dates with "."',
  );
  assert.is(span, '900 – July 17, 1453');
});

test.run();
