import { InputError } from '../errors.ts';
import { defaultActors } from '../model/actors.ts';
import { calendarRange, clockTime, dateLabel, endMoment } from '../model/dates.ts';
import type { DateRange, Diagnostic, Media, Timeline, TimelineEvent } from '../model/types.ts';
import { htmlToText } from './html.ts';

/** The actor of events that name no group. */
export const UNGROUPED = 'Events';

type Fields = Record<string, unknown>;
export type DatePart = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'time';

/** A TimelineJS date: year, and optionally month, day and time, as numbers or strings (a sheet's Time column as `time`). */
export interface SlideDate {
  year?: unknown;
  month?: unknown;
  day?: unknown;
  hour?: unknown;
  minute?: unknown;
  second?: unknown;
  time?: unknown;
}

export interface SlideMedia {
  url?: string;
  credit?: string;
  caption?: string;
  alt?: string;
}

/** The fields of a slide, named as in the user's file by `Slide.place`. */
export type SlideField = 'start' | 'end' | 'display' | 'headline' | 'text' | 'group' | 'media' | 'caption' | 'credit';

/** One TimelineJS slide, from JSON or from a sheet row, with the place each field came from. */
export interface Slide {
  start?: SlideDate;
  end?: SlideDate;
  displayDate?: string;
  headline?: string;
  text?: string;
  group?: string;
  media?: SlideMedia;
  /** Where a field of this slide is in the file: `events[3].start_date.month` or `12:2`. */
  place: (field: SlideField, part?: DatePart) => string;
}

export interface SlideDeck {
  title?: { headline?: string; text?: string; media?: SlideMedia };
  /** Where a field of the title slide is in the file. */
  titlePlace?: (field: 'headline' | 'text' | 'media' | 'caption' | 'credit') => string;
  slides: Slide[];
  eras: number;
}

/** What the user gives beside the file: a title and dek, and the title to fall back on. */
export interface DeckOptions {
  title?: string;
  dek?: string;
  /** A title made from the file's name, for a file without a title slide. */
  fallbackTitle: string;
}

/** A TimelineJS timeline read, and how to name one of its fields as the user's file names it. */
export interface ReadDeck {
  timeline: Timeline;
  sourcePlace: (place: string) => string;
}

function number(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isInteger(n) ? n : NaN;
}

interface SlideDay {
  range?: DateRange;
  written?: string;
  problem?: Diagnostic;
}

/** The clock time of a date that has a day: hour, minute, second fields or a Time text. */
function slideTime(date: SlideDate, bad: (part: DatePart, value: unknown, allowed: string) => SlideDay): string | SlideDay | undefined {
  if (typeof date.time === 'string' && date.time.trim() !== '') {
    return clockTime(date.time) ?? bad('time', date.time, 'a time such as 8:30 PM or 20:30');
  }
  const [hour, minute, second] = [number(date.hour), number(date.minute), number(date.second)];
  if (hour === undefined) return undefined;
  if (Number.isNaN(hour) || hour < 0 || hour > 23) return bad('hour', date.hour, 'an hour from 0 to 23');
  if (minute !== undefined && (Number.isNaN(minute) || minute < 0 || minute > 59))
    return bad('minute', date.minute, 'a minute from 0 to 59');
  if (second !== undefined && (Number.isNaN(second) || second < 0 || second > 59))
    return bad('second', date.second, 'a second from 0 to 59');
  return [hour, minute ?? 0, second ?? 0].map((n) => String(n).padStart(2, '0')).join(':');
}

/** The days (and time) a TimelineJS date stands for, and how to write it; a message naming the user's field when it cannot be read. */
function slideDay(date: SlideDate | undefined, place: (part: DatePart) => string): SlideDay {
  const [year, month, day] = [number(date?.year), number(date?.month), number(date?.day)];
  const bad = (part: DatePart, value: unknown, allowed: string): SlideDay => ({
    problem: {
      place: place(part),
      message: `Invalid value for ${place(part)}. Allowed: ${allowed}. Received: ${JSON.stringify(value ?? null)}.`,
    },
  });
  if (year === undefined || Number.isNaN(year)) return bad('year', date?.year, 'a whole year such as 2015, 602 or -5410 (5410 BCE)');
  if (month !== undefined && (Number.isNaN(month) || month < 1 || month > 12)) return bad('month', date?.month, 'a month from 1 to 12');
  const range = calendarRange(year, month, month === undefined ? undefined : day);
  if (!range) return bad('day', date?.day, `a day of ${dateLabel(year, month)}`);
  if (month === undefined || day === undefined) return { range, written: dateLabel(year, month) };
  const time = slideTime(date!, bad);
  if (typeof time === 'object') return time;
  return { range: time ? { ...range, startTime: time } : range, written: dateLabel(year, month, day, time) };
}

/** "April 12–13, 1961", "April 12 – May 3, 1961", "1957 – 1969": the span written as briefly as it reads clearly. */
function writtenSpan(start: string, end: string | undefined): string {
  if (!end || end === start) return start;
  const day = /^(\p{L}+) (\d+), ([^,]+)$/u;
  const [a, b] = [start.match(day), end.match(day)];
  if (a && b && a[3] === b[3]) return a[1] === b[1] ? `${a[1]} ${a[2]}–${b[2]}, ${a[3]}` : `${a[1]} ${a[2]} – ${b[1]} ${b[2]}, ${a[3]}`;
  return `${start} – ${end}`;
}

/** Why a slide's media is not drawn: a web link, or HTML (an embedded post, a blockquote, an iframe). */
type SkippedMedia = 'link' | 'embed';

interface SlideImage {
  media?: Media;
  skipped?: SkippedMedia;
  /** The words of an embedded quote or post, which can stand in for a missing text. */
  quoted?: string;
}

const DRAWN_IMAGE = /\.(png|jpe?g)$/i;

/**
 * A slide's media when it can be drawn: a local PNG or JPEG path, or a data: URI. Links
 * (with a scheme, protocol-relative `//host/…` or site-absolute `/static/…`), other files
 * and HTML embeds are skipped, since nothing is fetched.
 */
function slideImage(given: SlideMedia | undefined): SlideImage {
  const url = given?.url?.trim() ?? '';
  const words = (html: string | undefined) => (html ? htmlToText(html).text : '');
  const described = (media: Media): Media => {
    const [credit, caption, alt] = [words(given?.credit), words(given?.caption), words(given?.alt)];
    return { ...media, ...(credit ? { credit } : {}), ...(caption ? { caption } : {}), ...(alt || caption ? { alt: alt || caption } : {}) };
  };
  if (url === '') return {};
  if (url.startsWith('<')) return { skipped: 'embed', quoted: words(url) };
  if (/^data:/i.test(url)) return { media: described({ src: url }) };
  if (url.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(url) || !DRAWN_IMAGE.test(url.replace(/[?#].*$/, ''))) return { skipped: 'link' };
  return { media: described({ src: url }) };
}

interface SkippedSlides {
  media: Record<SkippedMedia, number>;
  empty: string[];
}

function slideEvent(slide: Slide, problems: Diagnostic[], skipped: SkippedSlides): TimelineEvent | undefined {
  const start = slideDay(slide.start, (part) => slide.place('start', part));
  const hasEnd = slide.end && Object.values(slide.end).some((v) => v !== undefined && v !== null && v !== '');
  const end = hasEnd ? slideDay(slide.end, (part) => slide.place('end', part)) : undefined;
  for (const p of [start.problem, end?.problem]) if (p) problems.push(p);
  if (!start.range || (end && !end.range)) return undefined;
  const headline = slide.headline ? htmlToText(slide.headline).text : '';
  const body = slide.text ? htmlToText(slide.text, { paragraphs: true }) : { text: '', emphasis: [] };
  const image = slideImage(slide.media);
  if (image.skipped) skipped.media[image.skipped]++;
  // A slide of only media: its caption, credit or quoted words stand in for the text.
  // An embedded quote or post that is not drawn is the slide's words when it has no text of its own.
  const quoted = body.text ? '' : (image.quoted ?? '');
  const standIn =
    [slide.media?.caption, slide.media?.credit].map((html) => (html ? htmlToText(html).text : '')).find((t) => t !== '') ?? '';
  const range: DateRange =
    end?.range && endMoment(end.range) > endMoment(start.range)
      ? { ...start.range, end: end.range.end, ...(end.range.startTime ? { endTime: end.range.startTime } : {}) }
      : start.range;
  const display = slide.displayDate ? htmlToText(slide.displayDate).text : '';
  const written = display || writtenSpan(start.written!, end?.written);
  const text = body.text || quoted || headline || standIn;
  if (!text) {
    skipped.empty.push(`${slide.place('text')} (${written})`);
    return undefined;
  }
  const event: TimelineEvent = { date: written, range, actor: slide.group?.trim() || UNGROUPED, text };
  if ((body.text || quoted) && headline) event.headline = headline;
  if (body.text && body.emphasis.length > 0) event.emphasis = body.emphasis;
  if (image.media) event.media = image.media;
  return event;
}

/** How the native field `field` of an event is named in the user's file, given its slide. */
function slideFieldPlace(slide: Slide, field: string | undefined, sub: string | undefined): string {
  // The slide as a whole: its path without the field, or its line in a sheet.
  if (field === undefined)
    return slide
      .place('text')
      .replace(/^(\d+):\d+$/, 'line $1')
      .replace(/\.text(\.text)?$/, '');
  if (field === 'date' || field === 'start' || field === 'end')
    return slide.displayDate ? slide.place('display') : slide.place(field === 'end' ? 'end' : 'start', 'year');
  if (field === 'headline') return slide.place('headline');
  if (field === 'actor') return slide.place('group');
  if (field === 'media') return slide.place(sub === 'caption' ? 'caption' : sub === 'credit' ? 'credit' : 'media');
  return slide.place('text');
}

function skippedWarnings(file: string, skipped: SkippedSlides, eras: number): string[] {
  const warnings: string[] = [];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (eras > 0) warnings.push(`${file}: warning: skipped ${plural(eras, 'era')}: eras are not drawn.`);
  const { link, embed } = skipped.media;
  if (link + embed > 0) {
    const kinds = [link ? plural(link, 'web link') : '', embed ? plural(embed, 'embed') + ' (HTML)' : ''].filter(Boolean).join(' and ');
    warnings.push(
      `${file}: warning: skipped ${kinds} in media: only PNG and JPEG files beside the data file are drawn; nothing is fetched.`,
    );
  }
  if (skipped.empty.length > 0) {
    warnings.push(
      `${file}: warning: skipped ${plural(skipped.empty.length, 'slide')} with no headline, text or caption: ${skipped.empty.slice(0, 5).join(', ')}${skipped.empty.length > 5 ? ', …' : ''}.`,
    );
  }
  return warnings;
}

/**
 * A TimelineJS deck (from its JSON or its spreadsheet) as a native timeline: the title slide
 * gives title and dek, groups become actors, HTML becomes text with its paragraphs and emphasis.
 */
export function fromSlides(deck: SlideDeck, file: string, warnings: string[], options: DeckOptions): ReadDeck {
  const problems: Diagnostic[] = [];
  const skipped: SkippedSlides = { media: { link: 0, embed: 0 }, empty: [] };
  const read = deck.slides.map((slide, index) => ({ index, event: slideEvent(slide, problems, skipped) }));
  if (deck.slides.length === 0) problems.push({ message: 'No events. Expected: at least one event slide.' });
  if (problems.length > 0) throw new InputError(file, problems);
  const kept = read.filter((r) => r.event !== undefined);
  if (kept.length === 0)
    throw new InputError(file, [
      { message: `No events. Every slide lacks a headline, a text and a caption: ${skipped.empty.slice(0, 3).join(', ')}.` },
    ]);
  const events = kept.map((r) => r.event!);
  const headline = deck.title?.headline ? htmlToText(deck.title.headline).text : '';
  const title = options.title?.trim() || headline || options.fallbackTitle;
  if (!options.title?.trim() && !headline) {
    warnings.push(`${file}: warning: no title slide with a headline; the title "${title}" is made from the file name (--title sets one).`);
  }
  const timeline: Timeline = { title, actors: defaultActors([...new Set(events.map((e) => e.actor))]), events };
  const dek = options.dek?.trim() || (deck.title?.text ? htmlToText(deck.title.text).text : '');
  if (dek) timeline.dek = dek;
  const photo = slideImage(deck.title?.media);
  if (photo.skipped) skipped.media[photo.skipped]++;
  if (photo.media) timeline.photo = photo.media;
  warnings.push(...skippedWarnings(file, skipped, deck.eras));
  const titlePlace = deck.titlePlace ?? (() => 'title');
  const sourcePlace = (place: string): string => {
    const event = /^events\[(\d+)\](?:\.(\w+))?(?:\.(\w+))?/.exec(place);
    const slide = event ? deck.slides[kept[Number(event[1])]?.index ?? -1] : undefined;
    if (event && slide) return slideFieldPlace(slide, event[2], event[3]);
    if (place === 'title') return titlePlace('headline');
    if (place === 'dek') return titlePlace('text');
    if (place.startsWith('photo')) return titlePlace(place.endsWith('caption') ? 'caption' : place.endsWith('credit') ? 'credit' : 'media');
    return place;
  };
  return { timeline, sourcePlace };
}

/** True for a TimelineJS JSON document: an events list whose items have a start_date. */
export function isTimelineJs(value: unknown): boolean {
  const events = (value as Fields | null)?.events;
  return Array.isArray(events) && events.some((e) => typeof e === 'object' && e !== null && 'start_date' in e);
}

const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function jsonMedia(value: unknown): SlideMedia {
  const m = (value ?? {}) as Fields;
  return { url: text(m.url), credit: text(m.credit), caption: text(m.caption), alt: text(m.alt) };
}

const JSON_FIELDS: Record<SlideField, string> = {
  start: 'start_date',
  end: 'end_date',
  display: 'display_date',
  headline: 'text.headline',
  text: 'text.text',
  group: 'group',
  media: 'media.url',
  caption: 'media.caption',
  credit: 'media.credit',
};

/** The slides of a TimelineJS JSON document, each field placed by its JSON path. */
export function jsonDeck(value: Fields): SlideDeck {
  const events = (value.events as unknown[]).map((item, i): Slide => {
    const e = (item ?? {}) as Fields;
    const t = (e.text ?? {}) as Fields;
    const start = (e.start_date ?? undefined) as Fields | undefined;
    const display = text(e.display_date) ?? text(start?.display_date);
    return {
      start: start as SlideDate,
      end: e.end_date as SlideDate,
      displayDate: display,
      headline: text(t.headline),
      text: text(t.text),
      group: text(e.group),
      media: jsonMedia(e.media),
      place: (field, part) => {
        const path = field === 'display' && e.display_date === undefined ? 'start_date.display_date' : JSON_FIELDS[field];
        return `events[${i}].${path}${part ? `.${part}` : ''}`;
      },
    };
  });
  const title = (value.title ?? {}) as Fields;
  const titleText = (title.text ?? {}) as Fields;
  return {
    title: { headline: text(titleText.headline), text: text(titleText.text), media: jsonMedia(title.media) },
    titlePlace: (field) => `title.${JSON_FIELDS[field]}`,
    slides: events,
    eras: Array.isArray(value.eras) ? value.eras.length : 0,
  };
}
