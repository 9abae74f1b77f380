import { existsSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import { validateTimeline } from '../model/validate.ts';
import type { Diagnostic, Media, Timeline, TimelineEvent } from '../model/types.ts';
import { DEFAULT_LIMITS, overLimit, type Limits } from '../model/limits.ts';
import { paragraphText, textFields } from '../model/text-fields.ts';
import { importArticle } from './article.ts';
import { readCsv, type CsvOptions } from './csv.ts';
import { fromSlides, isTimelineJs, jsonDeck, type DeckOptions, type ReadDeck } from './timelinejs.ts';
import { isTimelineJs2, legacyDeck } from './timelinejs2.ts';
import { parseYaml } from './yaml.ts';
import { toNativeDocument } from '../model/native.ts';
import { loadMedia, type ImageData } from './media.ts';
import { parseJson } from './json.ts';
import { decodeUtf8, readInputFile } from './text.ts';

/** json: native or TimelineJS, told apart by content; timelinejs forces TimelineJS JSON. */
export type InputFormat = 'json' | 'timelinejs' | 'csv' | 'yaml' | 'article';
export const INPUT_FORMATS: readonly InputFormat[] = ['json', 'timelinejs', 'csv', 'yaml', 'article'];

/** What the user gives beside the file: `--title`, `--dek`, `--columns`, `--date-order`. */
export interface InputOptions extends CsvOptions {
  /** The title, over the file's own; a file without one needs none then. */
  title?: string;
  dek?: string;
}

/** What a file turned out to be: TimelineJS sorts its slides by date itself, so its order is no problem. */
export type SourceKind = 'native' | 'timelinejs' | 'timelinejs2' | 'sheet' | 'csv' | 'article';

/** How stdin is named in messages. */
export const STDIN_NAME = '<stdin>';

export interface LoadedTimeline {
  timeline: Timeline;
  /** Things the user should know that do not stop the render, each naming the file. */
  warnings: string[];
  /** The input as named to the user. */
  file: string;
  /** Base name for outputs: data/syria-timeline.json gives syria-timeline. */
  name: string;
  /** The images the timeline names, read from beside the data file. */
  images: Map<string, ImageData>;
  kind: SourceKind;
  /** A field of the timeline (`events[3].text`) as the user's file names it (`events[3].text.text`, `12:11`). */
  sourcePlace: (place: string) => string;
}

/** File extensions and the format each stands for; a folder renders the files that have one. */
export const INPUT_EXTENSIONS: Readonly<Record<string, InputFormat>> = {
  '.json': 'json',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.csv': 'csv',
  '.txt': 'article',
  '.text': 'article',
};

function detectFormat(file: string, text: string): InputFormat {
  const byExtension = INPUT_EXTENSIONS[extname(file).toLowerCase()];
  if (byExtension) return byExtension;
  if (/^\s*[{[]/.test(text)) return 'json';
  const firstLine = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 1)[0]!
    .toLowerCase();
  if (/(^|,)\s*"?year"?\s*(,|$)/.test(firstLine) && firstLine.includes('headline')) return 'csv';
  if (/^(title|events|actors|dek)\s*:/m.test(text)) return 'yaml';
  return 'article';
}

/** What a reader returns: the timeline, what it was, and how to name its fields as the file does. */
interface Read {
  timeline: Timeline;
  kind: SourceKind;
  sourcePlace?: (place: string) => string;
}

function checked(file: string, value: unknown, sourcePlace?: (place: string) => string): Timeline {
  const { timeline, diagnostics } = validateTimeline(value);
  if (!timeline) throw new InputError(file, sourcePlace ? renamePlaces(diagnostics, sourcePlace) : diagnostics);
  return timeline;
}

/** A timeline read from slides, checked once as its native document: a problem is named by the field the user wrote. */
function fromDeck(file: string, read: ReadDeck, kind: SourceKind): Read {
  return { timeline: checked(file, toNativeDocument(read.timeline), read.sourcePlace), kind, sourcePlace: read.sourcePlace };
}

/** The user's title and dek over the file's own. */
function withTitle(timeline: Timeline, input: InputOptions): Timeline {
  if (input.title?.trim()) timeline.title = input.title.trim();
  if (input.dek?.trim()) timeline.dek = input.dek.trim();
  return timeline;
}

function fromJson(file: string, text: string, warnings: string[], forceTimelineJs: boolean, deck: InputOptions & DeckOptions): Read {
  const parsed = parseJson(text);
  if (parsed.diagnostic) throw new InputError(file, [parsed.diagnostic]);
  if (isTimelineJs2(parsed.value))
    return fromDeck(file, fromSlides(legacyDeck(parsed.value as Record<string, unknown>), file, warnings, deck), 'timelinejs2');
  if (forceTimelineJs || isTimelineJs(parsed.value)) {
    if (!isTimelineJs(parsed.value))
      throw new InputError(file, [{ message: 'Not a TimelineJS file. Expected: an "events" list whose slides have a "start_date".' }]);
    return fromDeck(file, fromSlides(jsonDeck(parsed.value as Record<string, unknown>), file, warnings, deck), 'timelinejs');
  }
  return { timeline: withTitle(checked(file, parsed.value), deck), kind: 'native' };
}

function fromYaml(file: string, text: string, input: InputOptions): Read {
  const parsed = parseYaml(text);
  if (parsed.diagnostic) throw new InputError(file, [parsed.diagnostic]);
  return { timeline: withTitle(checked(file, parsed.value), input), kind: 'native' };
}

function fromCsv(file: string, text: string, warnings: string[], deck: InputOptions & DeckOptions): Read {
  const read = readCsv(text, file, warnings, deck);
  return fromDeck(file, read, read.sheet ? 'sheet' : 'csv');
}

function fromArticle(file: string, text: string, warnings: string[], deck: InputOptions & DeckOptions): Read {
  const { timeline, skippedParagraphs: skipped } = importArticle(text, { order: deck.dateOrder, fallbackTitle: deck.fallbackTitle });
  if (!timeline) {
    throw new InputError(file, [
      {
        message:
          'No events found. Expected: a title line, maybe a dek line, then dated entries: a date line ("October 2015") over its text, or "March 20, 2003: text" on one line.',
      },
    ]);
  }
  if (skipped.length > 0) {
    const named = skipped
      .slice(0, 3)
      .map((p) => JSON.stringify(p.length > 40 ? `${p.slice(0, 40).replace(/\s+\S*$/, '')}…` : p))
      .join(', ');
    warnings.push(
      `${file}: warning: skipped ${skipped.length} ${skipped.length === 1 ? 'paragraph that is not an event' : 'paragraphs that are not events'} (dates without text, captions, page copy, links): ${named}${skipped.length > 3 ? ', …' : ''}.`,
    );
  }
  if (!deck.title?.trim() && timeline.title === deck.fallbackTitle) {
    warnings.push(
      `${file}: warning: the article has no title line; the title "${timeline.title}" is made from the file name (--title sets one).`,
    );
  }
  return { timeline: withTitle(timeline, deck), kind: 'article' };
}

/** "syria-timeline.json" gives "Syria timeline": a title for a file that has none. */
export function titleFromName(file: string): string {
  const words = (file === STDIN_NAME ? '' : basename(file, extname(file)))
    .replace(/[-_.]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'Timeline';
}

/** Diagnostics with each internal field path (`events[3].text`) renamed as the user's file names it. */
function renamePlaces(diagnostics: readonly Diagnostic[], sourcePlace: (place: string) => string): Diagnostic[] {
  return diagnostics.map((d) => {
    const place = d.place === undefined ? undefined : sourcePlace(d.place);
    const message = d.message.replace(/\b(events\[\d+\](?:\.\w+)*|photo(?:\.\w+)+)/g, (internal) => {
      const named = sourcePlace(internal);
      return /^\d+:\d+$/.test(named) ? `line ${named.split(':')[0]}` : named;
    });
    return place === undefined ? { message } : { place, message };
  });
}

/** Problems found in a loaded timeline, as an InputError naming its file and each field as the user's file names it. */
export function loadedInputError(loaded: Pick<LoadedTimeline, 'file' | 'sourcePlace'>, diagnostics: readonly Diagnostic[]): InputError {
  return new InputError(loaded.file, renamePlaces(diagnostics, loaded.sourcePlace));
}

/**
 * C0 and C1 control characters other than tab and line breaks: they cannot be drawn and break
 * XML. A "\n" in an event's text is a paragraph break, kept as such.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Replaces control characters in every text with spaces (so emphasis offsets hold), with one
 * warning naming where they were.
 */
function replaceControls(timeline: Timeline, file: string, sourcePlace: (place: string) => string): string[] {
  const places: string[] = [];
  for (const field of textFields(timeline)) {
    // Replace and compare: test() on a /g pattern keeps lastIndex from one field to the next.
    const clean = field.value.replace(CONTROL, ' ');
    if (clean === field.value) continue;
    field.set(clean);
    places.push(sourcePlace(field.place));
  }
  return places.length === 0 ? [] : [`${file}: warning: replaced control characters with spaces in ${places.join(', ')}.`];
}

/** An event's line breaks as single paragraph breaks (a YAML block's blank lines, CRLF), its emphasis on the same words. */
function keepParagraphs(event: TimelineEvent): void {
  if (!/[\r\n]/.test(event.text)) return;
  const { text, emphasis } = paragraphText(event.text, event.emphasis);
  event.text = text;
  if (event.emphasis) event.emphasis = emphasis;
}

/** Events and texts within the limits, each excess named with its place and the option that raises it. */
function limitDiagnostics(timeline: Timeline, limits: Limits): Diagnostic[] {
  const problems: Diagnostic[] = [];
  if (timeline.events.length > limits.events) {
    problems.push({
      place: 'events',
      message: `The timeline has ${timeline.events.length} events, ${overLimit('events', limits, timeline.events.length)}`,
    });
  }
  timeline.events.forEach((e, i) => {
    if (e.text.length > limits.textLength) {
      problems.push({
        place: `events[${i}].text`,
        message: `The text of events[${i}] has ${e.text.length} characters, ${overLimit('textLength', limits, e.text.length)}`,
      });
    }
  });
  return problems;
}

/** Parses and checks a timeline from the bytes of a file. */
export function parseTimeline(
  bytes: Uint8Array,
  file: string,
  format?: InputFormat,
  limits: Limits = DEFAULT_LIMITS,
  input: InputOptions = {},
): LoadedTimeline {
  if (bytes.length > limits.inputBytes) {
    throw new InputError(file, [{ message: `The file has ${bytes.length} bytes, ${overLimit('inputBytes', limits, bytes.length)}` }]);
  }
  const decoded = decodeUtf8(bytes);
  if (decoded.text === undefined) throw new InputError(file, [decoded.diagnostic!]);
  if (decoded.text.trim() === '') throw new InputError(file, [{ message: 'The file is empty.' }]);
  const warnings: string[] = [];
  const chosen = format ?? detectFormat(file, decoded.text);
  const deck = { ...input, fallbackTitle: titleFromName(file) };
  const read =
    chosen === 'json' || chosen === 'timelinejs'
      ? fromJson(file, decoded.text, warnings, chosen === 'timelinejs', deck)
      : chosen === 'csv'
        ? fromCsv(file, decoded.text, warnings, deck)
        : chosen === 'yaml'
          ? fromYaml(file, decoded.text, input)
          : fromArticle(file, decoded.text, warnings, deck);
  const { timeline, kind } = read;
  const sourcePlace = read.sourcePlace ?? ((place: string) => place);
  for (const event of timeline.events) keepParagraphs(event);
  warnings.push(...replaceControls(timeline, file, sourcePlace));
  const excess = limitDiagnostics(timeline, limits);
  if (excess.length > 0) throw new InputError(file, renamePlaces(excess, sourcePlace));
  const name = file === STDIN_NAME ? 'timeline' : basename(file, extname(file)) || 'timeline';
  return { timeline, warnings, file, name, images: new Map(), kind, sourcePlace };
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * TimelineJS reads a media path from beside its web page, not its data file: such a file that
 * is not beside the data file is skipped with one warning, where a native file's is an error.
 * Data without a file (a request: `file` undefined) has no folder, so every path is skipped.
 */
function skipMissingMedia(loaded: LoadedTimeline, file: string | undefined): void {
  if (loaded.kind === 'native' || loaded.kind === 'article') return;
  const missing: string[] = [];
  const found = (media: Media | undefined) => {
    if (!media || /^data:/i.test(media.src) || (file !== undefined && existsSync(resolve(dirname(file), media.src)))) return media;
    missing.push(media.src);
    return undefined;
  };
  for (const event of loaded.timeline.events) if (!found(event.media)) delete event.media;
  if (!found(loaded.timeline.photo)) delete loaded.timeline.photo;
  if (missing.length === 0) return;
  const names =
    missing
      .slice(0, 3)
      .map((m) => JSON.stringify(m))
      .join(', ') + (missing.length > 3 ? ', …' : '');
  loaded.warnings.push(
    `${loaded.file}: warning: skipped ${missing.length} media file${missing.length === 1 ? '' : 's'} not found beside the data file: ${names}.`,
  );
}

/**
 * The one place a loaded timeline gets its images (see loadMedia): from beside `file` (`-`: the
 * working folder), or, for data without a file (`undefined`), data: URIs only. A problem is
 * named by the field the user wrote.
 */
async function withImages(loaded: LoadedTimeline, file: string | undefined): Promise<LoadedTimeline> {
  skipMissingMedia(loaded, file);
  try {
    loaded.images = await loadMedia(loaded.timeline, file ?? loaded.file, { files: file !== undefined });
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.file, renamePlaces(error.diagnostics, loaded.sourcePlace));
    throw error;
  }
  return loaded;
}

/**
 * Reads a timeline: native JSON or YAML, TimelineJS JSON (3 or 2) or sheet CSV, a plain CSV,
 * or article text; `-` is stdin. The format comes from the extension and the content unless
 * `format` forces it; `input` gives a title, dek, CSV columns and the day order of 9/11/2001.
 */
export async function loadTimeline(
  file: string,
  format?: InputFormat,
  limits: Limits = DEFAULT_LIMITS,
  input: InputOptions = {},
): Promise<LoadedTimeline> {
  if (file === '-') return withImages(parseTimeline(await readStdin(), STDIN_NAME, format, limits, input), '-');
  const bytes = await readInputFile(
    file,
    limits.inputBytes,
    (size) => `The file has ${size} bytes, ${overLimit('inputBytes', limits, size)}`,
  );
  return withImages(parseTimeline(bytes, file, format, limits, input), file);
}

/**
 * Reads a timeline from data that came without a file (a request's body), named `name` in
 * messages: it has no folder, so its images come inline and no path is read.
 */
export async function loadTimelineData(
  bytes: Uint8Array,
  name: string,
  format?: InputFormat,
  limits: Limits = DEFAULT_LIMITS,
  input: InputOptions = {},
): Promise<LoadedTimeline> {
  return withImages(parseTimeline(bytes, name, format, limits, input), undefined);
}
