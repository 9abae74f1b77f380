import { loadedInputError, type LoadedTimeline } from '../load/index.ts';
import { textFields } from '../model/text-fields.ts';
import type { Diagnostic, Timeline } from '../model/types.ts';
import { faceHas, INVISIBLE } from './fallback.ts';
import { FONT_FACES } from './index.ts';

/** Characters of `text` that no shipped font can draw: satori would draw them as empty boxes. */
export function uncoveredCharacters(text: string): string[] {
  const missing = new Set<string>();
  for (const char of text) {
    if (/\s/.test(char) || INVISIBLE.test(char) || missing.has(char)) continue;
    const codePoint = char.codePointAt(0)!;
    if (!FONT_FACES.some((face) => faceHas(face, codePoint))) missing.add(char);
  }
  return [...missing];
}

function describe(char: string): string {
  const code = char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return /\p{C}/u.test(char) ? `U+${code}` : `"${char}" (U+${code})`;
}

/** Scripts written right to left: pdfkit cannot order them, so they are refused rather than printed backwards. */
const RIGHT_TO_LEFT: Array<[string, RegExp]> = [
  ['Arabic', /\p{Script=Arabic}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Syriac', /\p{Script=Syriac}/u],
  ['Thaana', /\p{Script=Thaana}/u],
  ["N'Ko", /\p{Script=Nko}/u],
];

function rightToLeft(text: string): string | undefined {
  return RIGHT_TO_LEFT.find(([, pattern]) => pattern.test(text))?.[0];
}

/**
 * Every text of the timeline checked before rendering: a right-to-left script is refused by
 * name, and each character no shipped font has is named with its field.
 */
export function glyphDiagnostics(timeline: Timeline): Diagnostic[] {
  return textFields(timeline).flatMap(({ place, value: text }): Diagnostic[] => {
    const script = rightToLeft(text);
    if (script) {
      return [
        {
          place,
          message: `${script} text in ${place} is written right to left, which timeline-render cannot set yet (its words would print in the wrong order). Remove it or render this timeline another way.`,
        },
      ];
    }
    const missing = uncoveredCharacters(text);
    return missing.length === 0
      ? []
      : [
          {
            place,
            message: `No bundled font has ${missing.length === 1 ? 'the character' : 'the characters'} ${missing.map(describe).join(', ')} in ${place}. Replace ${missing.length === 1 ? 'it' : 'them'} or add a font to fonts/.`,
          },
        ];
  });
}

/**
 * Refuses a loaded timeline the shipped fonts cannot set (see glyphDiagnostics) before it is
 * rendered, each problem named by the field the user's file names.
 */
export function refuseMissingGlyphs(loaded: LoadedTimeline): void {
  const missingGlyphs = glyphDiagnostics(loaded.timeline);
  if (missingGlyphs.length > 0) throw loadedInputError(loaded, missingGlyphs);
}
