import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { InputError } from '../errors.ts';
import { glyphDiagnostics } from '../fonts/coverage.ts';
import { validateTimeline } from '../model/validate.ts';
import type { Timeline } from '../model/types.ts';
import { importArticle } from './article.ts';
import { loadMedia, type ImageData } from './media.ts';
import { parseJson } from './json.ts';
import { decodeUtf8 } from './text.ts';

export type InputFormat = 'json' | 'article';
export const INPUT_FORMATS: readonly InputFormat[] = ['json', 'article'];

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

function detectFormat(file: string, text: string): InputFormat {
  const extension = extname(file).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.txt' || extension === '.text') return 'article';
  return /^\s*[{[]/.test(text) ? 'json' : 'article';
}

function fromJson(file: string, text: string): Timeline {
  const parsed = parseJson(text);
  if (parsed.diagnostic) throw new InputError(file, [parsed.diagnostic]);
  const { timeline, diagnostics } = validateTimeline(parsed.value);
  if (!timeline) throw new InputError(file, diagnostics);
  return timeline;
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

/** Parses and checks a timeline from the bytes of a file. */
export function parseTimeline(bytes: Uint8Array, file: string, format?: InputFormat): LoadedTimeline {
  const decoded = decodeUtf8(bytes);
  if (decoded.text === undefined) throw new InputError(file, [decoded.diagnostic!]);
  if (decoded.text.trim() === '') throw new InputError(file, [{ message: 'The file is empty.' }]);
  const warnings: string[] = [];
  const chosen = format ?? detectFormat(file, decoded.text);
  const timeline = chosen === 'json' ? fromJson(file, decoded.text) : fromArticle(file, decoded.text, warnings);
  const missingGlyphs = glyphDiagnostics(timeline);
  if (missingGlyphs.length > 0) throw new InputError(file, missingGlyphs);
  const name = basename(file, extname(file)) || 'timeline';
  return { timeline, warnings, file, name, images: new Map() };
}

/** Reads a timeline file: native JSON (.json) or article text (.txt). */
export async function loadTimeline(file: string, format?: InputFormat): Promise<LoadedTimeline> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'No such file.'
      : code === 'EISDIR' ? 'This is a folder. Expected: a timeline file (.json or .txt).'
      : code === 'EACCES' ? 'Permission denied: the file cannot be read.'
      : `The file cannot be read (${code ?? (error as Error).message}).`;
    throw new InputError(file, [{ message: reason }]);
  }
  const loaded = parseTimeline(bytes, file, format);
  loaded.images = await loadMedia(loaded.timeline, file);
  return loaded;
}
