import { readFileSync } from 'node:fs';
import { create, type Font, type Glyph } from 'fontkit';
import { FONT_FACES } from './index.ts';
import { readKerning, type Kerning } from './kerning.ts';
import { readLigatures, type Ligatures } from './ligatures.ts';

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** The shape of a fontkit GlyphRun that pdfkit reads. pdfkit scales the positions in place. */
export class GlyphRun {
  constructor(
    readonly glyphs: Glyph[],
    readonly positions: Position[],
  ) {}

  get advanceWidth(): number {
    let width = 0;
    for (const position of this.positions) width += position.xAdvance;
    return width;
  }
}

const scriptOf = (text: string): string => (/[\u0400-\u052f]/.test(text) ? 'cyrl' : /[\u0370-\u03ff]/.test(text) ? 'grek' : 'latn');

/** The glyphs after standard ligatures; a ligature glyph carries the characters it stands for, for the PDF's text layer. */
function ligated(font: Font, ligatures: Ligatures, script: string, glyphs: Glyph[]): Glyph[] {
  const formed = ligatures.apply(
    script,
    glyphs.map((g) => g.id),
  );
  if (formed.glyphs.every((id, i) => id === glyphs[i]!.id)) return glyphs;
  let source = 0;
  return formed.glyphs.map((id, i) => {
    const count = formed.sources[i]!;
    const consumed = glyphs.slice(source, (source += count));
    if (count === 1 && consumed[0]!.id === id) return consumed[0]!;
    return withCodePoints(
      font.getGlyph(id),
      consumed.flatMap((g) => g.codePoints),
    );
  });
}

const isVariationSelector = (code: number): boolean => (code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xe0100 && code <= 0xe01ef);

/**
 * The glyph with the characters it stands for, for the PDF's text layer. fontkit keeps one
 * object per glyph with the characters of whoever asked first, and an outline asks for the
 * parts of a composite glyph with none (Cyrillic а is drawn from Latin a), so its own
 * `codePoints` cannot be trusted.
 */
const withCodePoints = (glyph: Glyph, codePoints: number[]): Glyph => Object.assign(Object.create(glyph) as Glyph, { codePoints });

/** Characters to glyphs one to one, as fontkit maps them, each character's glyph looked up once: its cmap lookup is slow. */
function glyphMapper(font: Font): (text: string) => Glyph[] {
  const known = new Map<number, Glyph>();
  const single = (code: number): Glyph => {
    let glyph = known.get(code);
    if (!glyph) known.set(code, (glyph = withCodePoints(font.glyphForCodePoint(code), [code])));
    return glyph;
  };
  return (text) => {
    const codes = Array.from(text, (c) => c.codePointAt(0)!);
    const glyphs: Glyph[] = [];
    for (const [i, code] of codes.entries()) {
      // A selector picks its base character's glyph; one with no base is dropped, as fontkit does.
      if (isVariationSelector(code)) continue;
      const selector = codes[i + 1];
      if (selector !== undefined && isVariationSelector(selector)) {
        glyphs.push(withCodePoints(font.glyphsForString(String.fromCodePoint(code, selector))[0]!, [code, selector]));
      } else {
        glyphs.push(single(code));
      }
    }
    return glyphs;
  };
}

function layoutWith(font: Font, kerning: Kerning, ligatures: Ligatures) {
  const glyphsFor = glyphMapper(font);
  return (text: string): GlyphRun => {
    const script = scriptOf(text);
    const glyphs = ligated(font, ligatures, script, glyphsFor(text));
    const positions = glyphs.map((glyph, i): Position => {
      const next = glyphs[i + 1];
      const kern = next ? kerning.pair(script, glyph.id, next.id) : 0;
      return { xAdvance: glyph.advanceWidth + kern, yAdvance: 0, xOffset: 0, yOffset: 0 };
    });
    return new GlyphRun(glyphs, positions);
  };
}

/**
 * fontkit's own shaping, for a font whose sequences (emoji joined by U+200D, flags, keycaps,
 * skin tones) come from contextual and multiple substitutions; each glyph carries the
 * characters it stands for.
 */
function fullLayout(font: Font) {
  const shaper = font as unknown as { layout(text: string): { glyphs: Glyph[]; positions: Position[] } };
  return (text: string): GlyphRun => {
    const run = shaper.layout(text);
    // A joiner between emoji the font cannot join comes back as a .notdef of no width: dropped, not drawn as a box.
    const kept = run.glyphs.flatMap((glyph, i) => (glyph.id === 0 && run.positions[i]!.xAdvance === 0 ? [] : [i]));
    return new GlyphRun(
      kept.map((i) => run.glyphs[i]!),
      kept.map((i) => {
        const p = run.positions[i]!;
        return { xAdvance: p.xAdvance, yAdvance: 0, xOffset: p.xOffset, yOffset: p.yOffset };
      }),
    );
  };
}

/** A fontkit font whose layout is ours: glyphs from the cmap, standard ligatures, advances with pair kerning. */
export interface ParsedFont extends Font {
  layout(text: string): GlyphRun;
}

const fonts = new Map<string, ParsedFont>();

/**
 * A parsed font for the PDF's text and the PNG's glyph outlines, kept for the life of the
 * process so every document reuses it. Its `layout` maps characters to glyphs and applies
 * standard ligatures and pair kerning only: satori has already
 * broken the lines and placed every word, so pdfkit needs no shaper, and fontkit's took most
 * of the PDF's time. Contextual forms and mark positioning are not applied.
 */
export function parsedFont(file: string): ParsedFont {
  let font = fonts.get(file);
  if (!font) {
    const data = readFileSync(file);
    const parsed = create(data);
    const full = FONT_FACES.some((face) => face.file === file && face.fullShaping);
    font = Object.assign(Object.create(parsed) as Font, {
      layout: full ? fullLayout(parsed) : layoutWith(parsed, readKerning(data), readLigatures(data)),
    });
    fonts.set(file, font);
  }
  return font;
}
