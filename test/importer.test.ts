import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../src/errors.ts';
import { importArticle } from '../src/load/article.ts';
import { loadTimeline } from '../src/load/index.ts';
import { parseDate } from '../src/model/dates.ts';
import { toNativeJson } from '../src/model/native.ts';
import type { Timeline } from '../src/model/types.ts';
import { DATA_FILE, expectInputError, fixture, readRepoText, repoPath, SEED_ARTICLE, SEED_REFERENCE } from './helpers.ts';

interface ReferenceEvent {
  date: string;
  actor: string;
  text: string;
}
interface Reference {
  title: string;
  dek: string;
  events: ReferenceEvent[];
}

const reference = JSON.parse(readRepoText(SEED_REFERENCE)) as Reference;

function importSeed(): { timeline: Timeline; skipped: number } {
  const { timeline, skipped } = importArticle(readRepoText(SEED_ARTICLE));
  assert.ok(timeline, 'the seed article should import');
  return { timeline, skipped };
}

test('the reference file has the 21 events the tests rely on', () => {
  assert.is(reference.events.length, 21);
});

test('seed article: 21 events, title, dek, 19 skipped paragraphs', () => {
  const { timeline, skipped } = importSeed();
  assert.is(timeline.events.length, 21);
  assert.is(timeline.title, 'A Twisted Timeline of US-Russian Relations in Syria');
  assert.is(timeline.title, reference.title);
  assert.is(timeline.dek, 'The two countries are on opposite sides of the conflict. Except when they’re not.');
  assert.is(timeline.dek, reference.dek);
  assert.is(skipped, 19);
});

test('seed article: actors US, Russia, Both in that order; only Both is joint', () => {
  const { timeline } = importSeed();
  assert.equal(
    timeline.actors.map((a) => a.id),
    ['US', 'Russia', 'Both'],
  );
  assert.equal(
    timeline.actors.map((a) => a.label),
    ['US', 'Russia', 'Both'],
  );
  assert.equal(
    timeline.actors.map((a) => a.joint === true),
    [false, false, true],
  );
  // Every side gets its own colour.
  assert.is(new Set(timeline.actors.map((a) => a.color)).size, 3);
});

test('seed article: the first event is as the article says', () => {
  const first = importSeed().timeline.events[0];
  assert.ok(first);
  assert.is(first.date, 'September 2015');
  assert.is(first.actor, 'Russia');
  assert.is(first.text, 'After establishing an air base in Latakia, Syria, Russia launches strikes against “terrorists.”');
  assert.equal(first.range, { start: '2015-09-01', end: '2015-09-30' });
});

test('seed article: all 21 events match the reference (date, actor, text) in source order', () => {
  const events = importSeed().timeline.events;
  assert.equal(
    events.map(({ date, actor, text }) => ({ date, actor, text })),
    reference.events,
  );
});

test('seed article: every event range is the range its date stands for', () => {
  for (const [i, event] of importSeed().timeline.events.entries()) {
    assert.equal(event.range, parseDate(event.date), `events[${i}] (${event.date})`);
  }
});

test('loadTimeline on the .txt: exactly one warning, naming the file and the 19 skipped paragraphs', async () => {
  const file = repoPath(SEED_ARTICLE);
  const loaded = await loadTimeline(file);
  assert.is(loaded.warnings.length, 1);
  const [warning] = loaded.warnings;
  assert.ok(warning!.startsWith(`${file}: `), warning);
  assert.match(warning!, /\b19\b/);
  assert.match(warning!, /skipped/);
  assert.is(loaded.timeline.events.length, 21);
  assert.is(loaded.name, 'syria-timeline-article');
});

test('loadTimeline on the native seed gives no warnings', async () => {
  const loaded = await loadTimeline(repoPath(DATA_FILE));
  assert.equal(loaded.warnings, []);
});

test('an article with no events: loadTimeline throws InputError naming the file', async () => {
  const file = fixture('bad/no-events.txt');
  // The fixture has a title, a dek and prose that mentions dates, and a last date line with no text under it.
  assert.is(importArticle(readRepoText(file)).timeline, undefined);
  const error = await expectInputError(() => loadTimeline(repoPath(file)));
  assert.instance(error, InputError);
  assert.is(error.exitCode, 1);
  assert.is(error.file, repoPath(file));
  assert.ok(error.message.startsWith(`${repoPath(file)}: `), error.message);
  assert.match(error.message, /No events found/);
});

test('toNativeJson of the imported seed equals data/syria-timeline.json byte for byte', () => {
  const timeline = { ...importSeed().timeline, credit: 'Mother Jones', source: 'Mother Jones reporting' };
  const made = toNativeJson(timeline);
  const committed = readFileSync(repoPath(DATA_FILE));
  assert.fixture(made, committed.toString('utf8'));
  assert.ok(Buffer.from(made, 'utf8').equals(committed), 'the bytes differ (a byte-order mark or line endings?)');
});

test.run();
