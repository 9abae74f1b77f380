import { defaultActors } from '../model/actors.ts';
import { parseDate, startYear, type DayOrder } from '../model/dates.ts';
import type { Actor, DateRange, Timeline, TimelineEvent } from '../model/types.ts';

const ACTOR_LINE = /^([^:]{1,40}):\s+(\S.*)$/;
/** The actor of an article whose entries name none. */
const ONE_ACTOR = 'Events';
/** Where a date may end and its text begin on one line: "March 20, 2003: …", "1990s — …", "2019 – …". */
const SEPARATOR = /:\s+|\s+[—–-]\s+|—/g;
const BULLET = /^[•·*▪◦-]\s+/;

export interface ArticleImport {
  timeline?: Timeline;
  /** How many paragraphs are not events: captions, page copy, links. */
  skipped: number;
  /** Those paragraphs, in order. */
  skippedParagraphs: string[];
}

export interface ArticleOptions {
  /** How 9/11/2001 is read. */
  order?: DayOrder;
  /** The title when the article starts straight with an entry. */
  fallbackTitle?: string;
}

function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(BULLET, ''))
    .filter((line) => line !== '');
}

/**
 * Sides in the order the title names them ("US-Russian": US, then Russia), others after
 * in order of appearance, and the joint actor last.
 */
function orderActors(labels: string[], title: string): Actor[] {
  const place = (label: string) => {
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const at = title.search(new RegExp(`(^|[^\\p{L}])${escaped}`, 'iu'));
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  };
  const ordered = labels
    .map((label, firstSeen) => ({ label, firstSeen }))
    .sort((a, b) => place(a.label) - place(b.label) || a.firstSeen - b.firstSeen);
  return defaultActors(ordered.map((o) => o.label));
}

interface Entry {
  date: string;
  range: DateRange;
  text?: string;
  /** The date takes its year from the heading above it. */
  borrowed?: boolean;
  /** A heading whose year an entry under it took: it was read, not skipped. */
  lent?: boolean;
}

/** A paragraph of the body: a date alone (a heading), a date with its text, or text. */
type Paragraph = { heading: Entry } | { dated: Entry } | { text: string };

/**
 * A date as written, or, when it names no year ("5 mai.", "Dec. 13-15"), with the year of the
 * heading it stands under ("1789.").
 */
function readDate(date: string, order: DayOrder | undefined, year: number | undefined): Entry | undefined {
  const range = parseDate(date, { order });
  if (range) return { date, range };
  if (year === undefined || !/\p{L}/u.test(date)) return undefined;
  const dated = `${date.replace(/[.,]$/, '')} ${year}`;
  const borrowed = parseDate(dated, { order });
  return borrowed ? { date: dated, range: borrowed, borrowed: true } : undefined;
}

/** A line that is a date alone ("October 2015", "March 20, 2003:"). */
function dateLine(line: string, order: DayOrder | undefined, year?: number): Entry | undefined {
  return readDate(line.replace(/\s*[:—–-]\s*$/, ''), order, year);
}

/** A line that starts with a date and goes on with its text after ":", " — ", " – " or " - ". */
function datedLine(line: string, order: DayOrder | undefined, year?: number): Entry | undefined {
  for (const separator of line.matchAll(SEPARATOR)) {
    const text = line.slice(separator.index! + separator[0].length).trim();
    const entry = text ? readDate(line.slice(0, separator.index).trim(), order, year) : undefined;
    if (entry) return { ...entry, text };
  }
  return undefined;
}

/** Each paragraph of the body for what it is, a date without a year read in its heading's year. */
function classify(body: readonly string[], order: DayOrder | undefined): Paragraph[] {
  let last: Entry | undefined;
  return body.map((line) => {
    const year = last && startYear(last.range);
    const heading = dateLine(line, order, year);
    if (heading) {
      last = heading;
      return { heading };
    }
    const dated = datedLine(line, order, year);
    if (dated?.borrowed) last!.lent = true;
    return dated ? { dated } : { text: line };
  });
}

/**
 * The entries of the body: a dated line; a heading and the line under it ("Actor: text"
 * entries), or a heading and every paragraph under it up to the next date (plain entries).
 * The rest is skipped.
 */
function entries(paragraphs: readonly Paragraph[]): { found: Entry[]; skipped: string[] } {
  const underHeading = paragraphs.flatMap((p, i) =>
    'heading' in p && paragraphs[i + 1] && 'text' in paragraphs[i + 1]! ? [(paragraphs[i + 1] as { text: string }).text] : [],
  );
  const dated = paragraphs.flatMap((p) => ('dated' in p ? [p.dated.text!] : []));
  const actorShape = [...underHeading, ...dated].length > 0 && [...underHeading, ...dated].every((t) => ACTOR_LINE.test(t));
  const found: Entry[] = [];
  const skipped: string[] = [];
  let heading: Entry | undefined;
  let taken = 0;
  for (const p of paragraphs) {
    if ('heading' in p) {
      if (heading && taken === 0 && !heading.lent) skipped.push(heading.date);
      [heading, taken] = [p.heading, 0];
    } else if ('dated' in p) {
      if (heading && taken === 0 && !heading.lent) skipped.push(heading.date);
      found.push(p.dated);
      heading = undefined;
    } else if (heading && (taken === 0 || !actorShape)) {
      found.push({ ...heading, text: p.text });
      taken++;
    } else skipped.push(p.text);
  }
  if (heading && taken === 0 && !heading.lent) skipped.push(heading.date);
  return { found, skipped };
}

/**
 * Actors named as "Actor: text" when every entry has one; otherwise one actor, and a colon
 * in a text is only a colon.
 */
function withActors(found: readonly Entry[]): { events: TimelineEvent[]; labels: string[] } {
  const prefixes = found.map((e) => e.text!.match(ACTOR_LINE));
  const named = prefixes.every((p) => p !== null);
  const events = found.map((e, i) => ({
    date: e.date,
    range: e.range,
    actor: named ? prefixes[i]![1]!.trim() : ONE_ACTOR,
    text: named ? prefixes[i]![2]!.trim() : e.text!,
  }));
  return { events, labels: [...new Set(events.map((e) => e.actor))] };
}

/**
 * Reads an article as plain text: the title line, a dek line when the second line is no entry,
 * then entries, each a date line over its text or a line "March 20, 2003: text" (also with
 * " — " or " – "), the text with or without an "Actor:" in front. Everything else (photo
 * captions, page copy, newsletter links) is skipped and listed.
 */
export function importArticle(text: string, options: ArticleOptions = {}): ArticleImport {
  const lines = paragraphs(text);
  const isEntry = (line: string | undefined) =>
    line !== undefined && (dateLine(line, options.order) !== undefined || datedLine(line, options.order) !== undefined);
  const hasTitle = lines[0] !== undefined && !isEntry(lines[0]);
  const title = hasTitle ? lines[0]! : (options.fallbackTitle ?? 'Timeline');
  const dek = hasTitle && lines[1] !== undefined && !isEntry(lines[1]) ? lines[1] : undefined;
  const body = lines.slice((hasTitle ? 1 : 0) + (dek === undefined ? 0 : 1));
  const { found, skipped } = entries(classify(body, options.order));
  if (found.length === 0) return { skipped: skipped.length, skippedParagraphs: skipped };
  const { events, labels } = withActors(found);
  const timeline: Timeline = { title, actors: orderActors(labels, title), events };
  if (dek !== undefined) timeline.dek = dek;
  return { timeline, skipped: skipped.length, skippedParagraphs: skipped };
}
