import { readFileSync } from 'node:fs';
import { create, type Font, type Glyph } from 'fontkit';
import { readKerning, type Kerning } from '../fonts/kerning.ts';

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** The shape of a fontkit GlyphRun that pdfkit reads. pdfkit scales the positions in place. */
class GlyphRun {
  constructor(readonly glyphs: Glyph[], readonly positions: Position[]) {}

  get advanceWidth(): number {
    let width = 0;
    for (const position of this.positions) width += position.xAdvance;
    return width;
  }
}

const scriptOf = (text: string): string => /[\u0400-\u052f]/.test(text) ? 'cyrl' : /[\u0370-\u03ff]/.test(text) ? 'grek' : 'latn';

function layoutWith(font: Font, kerning: Kerning) {
  return (text: string): GlyphRun => {
    const glyphs = font.glyphsForString(text);
    const script = scriptOf(text);
    const positions = glyphs.map((glyph, i): Position => {
      const next = glyphs[i + 1];
      const kern = next ? kerning.pair(script, glyph.id, next.id) : 0;
      return { xAdvance: glyph.advanceWidth + kern, yAdvance: 0, xOffset: 0, yOffset: 0 };
    });
    return new GlyphRun(glyphs, positions);
  };
}

const fonts = new Map<string, Font>();

/**
 * A parsed font for pdfkit, kept for the life of the process so every document reuses it.
 * Its `layout` maps characters to glyphs and applies pair kerning only: satori has already
 * broken the lines and placed every word, so pdfkit needs no shaper, and fontkit's took most
 * of the PDF's time. Ligatures and contextual forms are not applied.
 */
export function pdfFont(file: string): Font {
  let font = fonts.get(file);
  if (!font) {
    const data = readFileSync(file);
    const parsed = create(data);
    font = Object.assign(Object.create(parsed) as Font, { layout: layoutWith(parsed, readKerning(data)) });
    fonts.set(file, font);
  }
  return font;
}
