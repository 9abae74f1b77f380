import { createHash } from 'node:crypto';
import { faceRuns } from '../fonts/fallback.ts';
import { FONT_FACES } from '../fonts/index.ts';
import { parsedFont } from '../fonts/parsed.ts';
import type { Doc } from './svg-pdf.ts';

/**
 * The parts of pdfkit's embedded font that its own text drawing fills in: the subset, the
 * widths and the characters behind each glyph (for the ToUnicode map). pdfkit 0.20 keeps them
 * public on the object; the PDF tests read the text and the widths back, so a change shows.
 */
interface EmbeddedFont {
  id: string;
  name: string;
  scale: number;
  subset: { includeGlyph(glyphId: number): number; glyphs: number[] };
  widths: number[];
  unicode: number[][];
  ref(): unknown;
  embed(): unknown;
}

interface DocInternals {
  _font: EmbeddedFont;
  page: { fonts: Record<string, unknown> };
}

const number = (n: number): number => Math.round(n * 1e6) / 1e6;

const namedByContent = new WeakSet<EmbeddedFont>();

/**
 * Names the embedded subset after the glyphs it holds ("QHNVTA+NotoSans-Regular"). pdfkit
 * derives the six letters from the font's resource name (F1, F2…), so different subsets in
 * different files shared a name, and a RIP that caches fonts by name could print one with the
 * other's glyphs. pdfkit reads the letters from `id` while it embeds: `id` stands in for it then.
 */
function nameSubsetByContent(font: EmbeddedFont): void {
  if (namedByContent.has(font)) return;
  namedByContent.add(font);
  const embed = font.embed.bind(font);
  font.embed = () => {
    const digest = createHash('sha256')
      .update(`${font.name}:${font.subset.glyphs.join(',')}`)
      .digest();
    const resourceName = font.id;
    // pdfkit adds 17 to each character code: '0' (48) to 'I' (73) become 'A' to 'Z'.
    font.id = 'T' + [...digest.subarray(0, 6)].map((byte) => String.fromCharCode(48 + (byte % 26))).join('');
    try {
      return embed();
    } finally {
      font.id = resourceName;
    }
  };
}

/**
 * Shows a line of text with its baseline at (x, y) of the current (y-down) space, as one
 * BT/ET with a TJ of glyph ids and kerning. satori has placed every word already, so this
 * skips pdfkit's text(), which measures and lays out each string twice more and took a third
 * of the PDF's time.
 */
export function showText(doc: Doc, file: string, size: number, x: number, y: number, text: string, characterSpacing: number): void {
  const face = FONT_FACES.find((f) => f.file === file)!;
  let pen = x;
  // A character the face lacks (an emoji) is set in the face satori measured it with.
  for (const run of faceRuns(face, text)) pen = showRun(doc, run.face.file, size, pen, y, run.text, characterSpacing);
}

/** One face's part of a line; returns where the next part starts. */
function showRun(doc: Doc, file: string, size: number, x: number, y: number, text: string, characterSpacing: number): number {
  // pdfkit takes a parsed font object too; its types list only files and buffers.
  doc.font(parsedFont(file) as unknown as Buffer, file);
  const internals = doc as unknown as DocInternals;
  const font = internals._font;
  internals.page.fonts[font.id] ??= font.ref();
  nameSubsetByContent(font);
  const run = parsedFont(file).layout(text);
  let segment = '';
  const parts: string[] = [];
  for (const [i, glyph] of run.glyphs.entries()) {
    const id = font.subset.includeGlyph(glyph.id);
    font.widths[id] ??= glyph.advanceWidth * font.scale;
    font.unicode[id] ??= glyph.codePoints;
    segment += id.toString(16).padStart(4, '0');
    const kern = (run.positions[i]!.xAdvance - glyph.advanceWidth) * font.scale;
    if (kern !== 0) {
      parts.push(`<${segment}> ${number(-kern)}`);
      segment = '';
    }
  }
  if (segment) parts.push(`<${segment}>`);
  // Tc outlives ET, so spacing set for one line is set back for the next.
  const [spacing, reset] = characterSpacing ? [` ${number(characterSpacing)} Tc`, ' 0 Tc'] : ['', ''];
  // The text matrix flips y back up: the page's space is y-down.
  doc.addContent(`BT 1 0 0 -1 ${number(x)} ${number(y)} Tm /${font.id} ${number(size)} Tf${spacing} [${parts.join(' ')}] TJ${reset} ET`);
  return x + (run.advanceWidth * size) / parsedFont(file).unitsPerEm + characterSpacing * run.glyphs.length;
}
