import { basename, extname } from 'node:path';
import { InputError } from '../errors.ts';
import { glyphDiagnostics } from '../fonts/coverage.ts';
import { validateTimeline } from '../model/validate.ts';
import type { Diagnostic, Timeline } from '../model/types.ts';
import { DEFAULT_LIMITS, overLimit, type Limits } from '../model/limits.ts';
import { textFields } from '../model/text-fields.ts';
import { importArticle } from './article.ts';
import { csvDeck } from './csv.ts';
import { fromSlides, isTimelineJs, jsonDeck } from './timelinejs.ts';
import { parseYaml } from './yaml.ts';
import { toNativeJson } from '../model/native.ts';
import { loadMedia, type ImageData } from './media.ts';
import { parseJson } from './json.ts';
import { decodeUtf8, readInputFile } from './text.ts';

/** json: native or TimelineJS, told apart by content; timelinejs forces TimelineJS JSON. */
export type InputFormat = 'json' | 'timelinejs' | 'csv' | 'yaml' | 'article';
export const INPUT_FORMATS: readonly InputFormat[] = ['json', 'timelinejs', 'csv', 'yaml', 'article'];

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
}

/** File extensions and the format each stands for; a folder renders the files that have one. */
export const INPUT_EXTENSIONS: Readonly<Record<string, InputFormat>> = {
  '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml', '.csv': 'csv', '.txt': 'article', '.text': 'article',
};

function detectFormat(file: string, text: string): InputFormat {
  const byExtension = INPUT_EXTENSIONS[extname(file).toLowerCase()];
  if (byExtension) return byExtension;
  if (/^\s*[{[]/.test(text)) return 'json';
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]!.toLowerCase();
  if (/(^|,)\s*"?year"?\s*(,|$)/.test(firstLine) && firstLine.includes('headline')) return 'csv';
  if (/^(title|events|actors|dek)\s*:/m.test(text)) return 'yaml';
  return 'article';
}

function checked(file: string, value: unknown): Timeline {
  const { timeline, diagnostics } = validateTimeline(value);
  if (!timeline) throw new InputError(file, diagnostics);
  return timeline;
}

function fromJson(file: string, text: string, warnings: string[], forceTimelineJs: boolean): Timeline {
  const parsed = parseJson(text);
  if (parsed.diagnostic) throw new InputError(file, [parsed.diagnostic]);
  if (forceTimelineJs || isTimelineJs(parsed.value)) {
    if (!isTimelineJs(parsed.value)) throw new InputError(file, [{ message: 'Not a TimelineJS file. Expected: an "events" list whose slides have a "start_date".' }]);
    return checked(file, JSON.parse(toNativeJson(fromSlides(jsonDeck(parsed.value as Record<string, unknown>), file, warnings))));
  }
  return checked(file, parsed.value);
}

function fromYaml(file: string, text: string): Timeline {
  const parsed = parseYaml(text);
  if (parsed.diagnostic) throw new InputError(file, [parsed.diagnostic]);
  return checked(file, parsed.value);
}

function fromCsv(file: string, text: string, warnings: string[]): Timeline {
  return checked(file, JSON.parse(toNativeJson(fromSlides(csvDeck(text, file), file, warnings))));
}

function fromArticle(file: string, text: string, warnings: string[]): Timeline {
  const { timeline, skipped } = importArticle(text);
  if (!timeline) {
    throw new InputError(file, [{
      message: 'No events found. Expected: a title line, a dek line, then pairs of a date line ("October 2015") and an "Actor: text" line.',
    }]);
  }
  if (skipped > 0) {
    warnings.push(`${file}: warning: skipped ${skipped} paragraph${skipped === 1 ? '' : 's'} that are not events (captions, page copy, links).`);
  }
  return timeline;
}

/** C0 and C1 control characters other than tab and line breaks: they cannot be drawn and break XML. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Replaces control characters in every text with spaces (so emphasis offsets hold), with one
 * warning naming where they were.
 */
function replaceControls(timeline: Timeline, file: string): string[] {
  const places: string[] = [];
  for (const field of textFields(timeline)) {
    // Replace and compare: test() on a /g pattern keeps lastIndex from one field to the next.
    const clean = field.value.replace(CONTROL, ' ');
    if (clean === field.value) continue;
    field.set(clean);
    places.push(field.place);
  }
  return places.length === 0 ? [] : [`${file}: warning: replaced control characters with spaces in ${places.join(', ')}.`];
}

/** Events and texts within the limits, each excess named with its place and the option that raises it. */
function limitDiagnostics(timeline: Timeline, limits: Limits): Diagnostic[] {
  const problems: Diagnostic[] = [];
  if (timeline.events.length > limits.events) {
    problems.push({ place: 'events', message: `The timeline has ${timeline.events.length} events, ${overLimit('events', limits, timeline.events.length)}` });
  }
  timeline.events.forEach((e, i) => {
    if (e.text.length > limits.textLength) {
      problems.push({ place: `events[${i}].text`, message: `The text of events[${i}] has ${e.text.length} characters, ${overLimit('textLength', limits, e.text.length)}` });
    }
  });
  return problems;
}

/** Parses and checks a timeline from the bytes of a file. */
export function parseTimeline(bytes: Uint8Array, file: string, format?: InputFormat, limits: Limits = DEFAULT_LIMITS): LoadedTimeline {
  if (bytes.length > limits.inputBytes) {
    throw new InputError(file, [{ message: `The file has ${bytes.length} bytes, ${overLimit('inputBytes', limits, bytes.length)}` }]);
  }
  const decoded = decodeUtf8(bytes);
  if (decoded.text === undefined) throw new InputError(file, [decoded.diagnostic!]);
  if (decoded.text.trim() === '') throw new InputError(file, [{ message: 'The file is empty.' }]);
  const warnings: string[] = [];
  const chosen = format ?? detectFormat(file, decoded.text);
  const timeline = chosen === 'json' || chosen === 'timelinejs' ? fromJson(file, decoded.text, warnings, chosen === 'timelinejs')
    : chosen === 'csv' ? fromCsv(file, decoded.text, warnings)
    : chosen === 'yaml' ? fromYaml(file, decoded.text)
    : fromArticle(file, decoded.text, warnings);
  warnings.push(...replaceControls(timeline, file));
  const excess = limitDiagnostics(timeline, limits);
  if (excess.length > 0) throw new InputError(file, excess);
  const missingGlyphs = glyphDiagnostics(timeline);
  if (missingGlyphs.length > 0) throw new InputError(file, missingGlyphs);
  const name = file === STDIN_NAME ? 'timeline' : basename(file, extname(file)) || 'timeline';
  return { timeline, warnings, file, name, images: new Map() };
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Reads a timeline: native JSON or YAML, TimelineJS JSON or sheet CSV, or article text; `-` is
 * stdin. The format comes from the extension and the content unless `format` forces it.
 */
export async function loadTimeline(file: string, format?: InputFormat, limits: Limits = DEFAULT_LIMITS): Promise<LoadedTimeline> {
  if (file === '-') {
    const loaded = parseTimeline(await readStdin(), STDIN_NAME, format, limits);
    loaded.images = await loadMedia(loaded.timeline, '-');
    return loaded;
  }
  const bytes = await readInputFile(file, limits.inputBytes, (size) => `The file has ${size} bytes, ${overLimit('inputBytes', limits, size)}`);
  const loaded = parseTimeline(bytes, file, format, limits);
  loaded.images = await loadMedia(loaded.timeline, file);
  return loaded;
}
