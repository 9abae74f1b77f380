import { InputError } from '../errors.ts';
import { defaultActors } from '../model/actors.ts';
import type { DateRange, Diagnostic, Media, Timeline, TimelineEvent } from '../model/types.ts';
import { htmlToText } from './html.ts';

/** The actor of events that name no group. */
const UNGROUPED = 'Events';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

type Fields = Record<string, unknown>;
export type DatePart = 'year' | 'month' | 'day';

/** A TimelineJS date: year, and optionally month and day, as numbers or strings. */
interface SlideDate {
  year?: unknown;
  month?: unknown;
  day?: unknown;
}

/** One TimelineJS slide, from JSON or from a sheet row, with the place each field came from. */
export interface Slide {
  start?: SlideDate;
  end?: SlideDate;
  displayDate?: string;
  headline?: string;
  text?: string;
  group?: string;
  media?: { url?: string; credit?: string; caption?: string };
  /** Where a field of this slide is in the file: `events[3].start_date.month` or `12:2`. */
  place: (field: 'start' | 'end' | 'text' | 'group', part?: DatePart) => string;
}

export interface SlideDeck {
  title?: { headline?: string; text?: string; media?: Slide['media'] };
  slides: Slide[];
  eras: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function number(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isInteger(n) ? n : NaN;
}

/** The days a TimelineJS date stands for, and how to write it; a message when it cannot be read. */
function slideRange(date: SlideDate | undefined, place: (part: DatePart) => string): { range?: DateRange; written?: string; problem?: Diagnostic } {
  const [year, month, day] = [number(date?.year), number(date?.month), number(date?.day)];
  const bad = (what: DatePart, value: unknown, allowed: string) =>
    ({ problem: { place: place(what), message: `Invalid value for the ${what} at ${place(what)}. Allowed: ${allowed}. Received: ${JSON.stringify(value)}.` } });
  if (year === undefined || Number.isNaN(year)) return bad('year', date?.year, 'a whole year such as 2015');
  if (month !== undefined && (Number.isNaN(month) || month < 1 || month > 12)) return bad('month', date?.month, 'a month from 1 to 12');
  if (month === undefined) return { range: { start: `${year}-01-01`, end: `${year}-12-31` }, written: String(year) };
  if (day !== undefined && (Number.isNaN(day) || day < 1 || day > lastDay(year, month))) return bad('day', date?.day, `a day of ${MONTHS[month - 1]} ${year}`);
  const ym = `${year}-${pad(month)}`;
  if (day === undefined) return { range: { start: `${ym}-01`, end: `${ym}-${pad(lastDay(year, month))}` }, written: `${MONTHS[month - 1]} ${year}` };
  return { range: { start: `${ym}-${pad(day)}`, end: `${ym}-${pad(day)}` }, written: `${MONTHS[month - 1]} ${day}, ${year}` };
}

/** "April 12–13, 1961", "April 12 – May 3, 1961", "1957 – 1969": the span written as briefly as it reads clearly. */
function writtenSpan(start: string, end: string | undefined): string {
  if (!end || end === start) return start;
  const day = /^(\p{L}+) (\d+), (\d{4})$/u;
  const [a, b] = [start.match(day), end.match(day)];
  if (a && b && a[3] === b[3]) return a[1] === b[1] ? `${a[1]} ${a[2]}–${b[2]}, ${a[3]}` : `${a[1]} ${a[2]} – ${b[1]} ${b[2]}, ${a[3]}`;
  return `${start} – ${end}`;
}

function slideEvent(slide: Slide, problems: Diagnostic[], remote: { count: number }): TimelineEvent | undefined {
  const start = slideRange(slide.start, (part) => slide.place('start', part));
  const end = slide.end && Object.values(slide.end).some((v) => v !== undefined && v !== '') ? slideRange(slide.end, (part) => slide.place('end', part)) : undefined;
  for (const p of [start.problem, end?.problem]) if (p) problems.push(p);
  const headline = slide.headline ? htmlToText(slide.headline).text : '';
  const body = slide.text ? htmlToText(slide.text) : { text: '', emphasis: [] };
  if (!start.range || (end && !end.range)) return undefined;
  if (!headline && !body.text) {
    problems.push({ place: slide.place('text'), message: `Missing text at ${slide.place('text')}. Expected: a headline or a text.` });
    return undefined;
  }
  const range = { start: start.range.start, end: end?.range && end.range.end > start.range.end ? end.range.end : start.range.end };
  const written = slide.displayDate?.trim() || writtenSpan(start.written!, end?.written);
  const event: TimelineEvent = { date: written, range, actor: slide.group?.trim() || UNGROUPED, text: body.text || headline };
  if (body.text && headline) event.headline = headline;
  if (body.text && body.emphasis.length > 0) event.emphasis = body.emphasis;
  const media = localMedia(slide.media, remote);
  if (media) event.media = media;
  return event;
}

/** A slide's media when it is a local file; a URL is counted and skipped, since nothing is fetched. */
function localMedia(given: Slide['media'], remote: { count: number }): Media | undefined {
  const url = given?.url?.trim();
  if (!url) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    remote.count++;
    return undefined;
  }
  const media: Media = { src: url };
  if (given?.credit) media.credit = htmlToText(given.credit).text;
  if (given?.caption) media.caption = htmlToText(given.caption).text;
  return media;
}

/**
 * A TimelineJS deck (from its JSON or its spreadsheet) as a native timeline: the title slide
 * gives title and dek, groups become actors, HTML becomes text with its emphasis.
 */
export function fromSlides(deck: SlideDeck, file: string, warnings: string[]): Timeline {
  const problems: Diagnostic[] = [];
  const remote = { count: 0 };
  const events = deck.slides.map((slide) => slideEvent(slide, problems, remote));
  const title = deck.title?.headline ? htmlToText(deck.title.headline).text : '';
  if (!title) problems.push({ message: 'No title slide. Expected: a title with a headline (the "title" object, or a row of Type "title").' });
  if (deck.slides.length === 0) problems.push({ message: 'No events. Expected: at least one event slide.' });
  if (problems.length > 0) throw new InputError(file, problems);
  if (deck.eras > 0) warnings.push(`${file}: warning: skipped ${deck.eras} era${deck.eras === 1 ? '' : 's'}: eras are not drawn.`);
  const list = events as TimelineEvent[];
  const groups = [...new Set(list.map((e) => e.actor))];
  const timeline: Timeline = { title, actors: defaultActors(groups), events: list };
  const dek = deck.title?.text ? htmlToText(deck.title.text).text : '';
  if (dek) timeline.dek = dek;
  const photo = localMedia(deck.title?.media, remote);
  if (photo) timeline.photo = photo;
  if (remote.count > 0) warnings.push(`${file}: warning: skipped ${remote.count} media URL${remote.count === 1 ? '' : 's'}: only local files are drawn; nothing is fetched.`);
  return timeline;
}

/** True for a TimelineJS JSON document: an events list whose items have a start_date. */
export function isTimelineJs(value: unknown): boolean {
  const events = (value as Fields | null)?.events;
  return Array.isArray(events) && events.some((e) => typeof e === 'object' && e !== null && 'start_date' in e);
}

const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** The slides of a TimelineJS JSON document, each field placed by its JSON path. */
export function jsonDeck(value: Fields): SlideDeck {
  const events = (value.events as Fields[]).map((e, i): Slide => {
    const t = (e.text ?? {}) as Fields;
    const m = (e.media ?? {}) as Fields;
    return {
      start: e.start_date as SlideDate, end: e.end_date as SlideDate, displayDate: text(e.display_date),
      headline: text(t.headline), text: text(t.text), group: text(e.group),
      media: { url: text(m.url), credit: text(m.credit), caption: text(m.caption) },
      place: (field, part) => `events[${i}].${{ start: 'start_date', end: 'end_date', text: 'text', group: 'group' }[field]}${part ? `.${part}` : ''}`,
    };
  });
  const title = ((value.title as Fields | undefined)?.text ?? {}) as Fields;
  const media = ((value.title as Fields | undefined)?.media ?? {}) as Fields;
  return {
    title: { headline: text(title.headline), text: text(title.text), media: { url: text(media.url), credit: text(media.credit), caption: text(media.caption) } },
    slides: events, eras: Array.isArray(value.eras) ? value.eras.length : 0,
  };
}
