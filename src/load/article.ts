import { defaultActors } from '../model/actors.ts';
import { parseDate, type DayOrder } from '../model/dates.ts';
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
  return text.split(/\r?\n/).map((line) => line.trim().replace(BULLET, '')).filter((line) => line !== '');
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
  const ordered = labels.map((label, firstSeen) => ({ label, firstSeen }))
    .sort((a, b) => place(a.label) - place(b.label) || a.firstSeen - b.firstSeen);
  return defaultActors(ordered.map((o) => o.label));
}

interface Entry {
  date: string;
  range: DateRange;
  text?: string;
}

/** A line that is a date alone ("October 2015", "March 20, 2003:"). */
function dateLine(line: string, order: DayOrder | undefined): Entry | undefined {
  const date = line.replace(/\s*[:—–-]\s*$/, '');
  const range = parseDate(date, { order });
  return range ? { date, range } : undefined;
}

/** A line that starts with a date and goes on with its text after ":", " — " or " – ". */
function datedLine(line: string, order: DayOrder | undefined): Entry | undefined {
  for (const separator of line.matchAll(SEPARATOR)) {
    const date = line.slice(0, separator.index).trim();
    const text = line.slice(separator.index! + separator[0].length).trim();
    const range = text ? parseDate(date, { order }) : undefined;
    if (range) return { date, range, text };
  }
  return undefined;
}

/** The entries of the body: a dated line, or a date line and the line under it; the rest is skipped. */
function entries(body: readonly string[], order: DayOrder | undefined): { found: Entry[]; skipped: string[] } {
  const found: Entry[] = [];
  const skipped: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const line = body[i]!;
    const alone = dateLine(line, order);
    const next = body[i + 1];
    if (alone && next !== undefined && !dateLine(next, order) && !datedLine(next, order)) {
      found.push({ ...alone, text: next });
      i++;
      continue;
    }
    const dated = alone ? undefined : datedLine(line, order);
    if (dated) found.push(dated);
    else skipped.push(line);
  }
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
    date: e.date, range: e.range,
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
  const isEntry = (line: string | undefined) => line !== undefined && (dateLine(line, options.order) !== undefined || datedLine(line, options.order) !== undefined);
  const hasTitle = lines[0] !== undefined && !isEntry(lines[0]);
  const title = hasTitle ? lines[0]! : options.fallbackTitle ?? 'Timeline';
  const dek = hasTitle && lines[1] !== undefined && !isEntry(lines[1]) ? lines[1] : undefined;
  const body = lines.slice((hasTitle ? 1 : 0) + (dek === undefined ? 0 : 1));
  const { found, skipped } = entries(body, options.order);
  if (found.length === 0) return { skipped: skipped.length, skippedParagraphs: skipped };
  const { events, labels } = withActors(found);
  const timeline: Timeline = { title, actors: orderActors(labels, title), events };
  if (dek !== undefined) timeline.dek = dek;
  return { timeline, skipped: skipped.length, skippedParagraphs: skipped };
}
