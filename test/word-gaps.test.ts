import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { create } from 'fontkit';
import { PNG } from 'pngjs';
import { FONT_FACES, type FontFace } from '../src/fonts/index.ts';
import { layoutBlock } from '../src/layout/block.ts';
import { parseAttrs } from '../src/render/svg-tags.ts';
import { renderPng } from '../src/render/png.ts';

/**
 * The gap between a word that ends in punctuation and the next word, measured in the PNG for
 * every letter of the shipped fonts before every common closing punctuation mark, in every
 * face. The reference is where satori put the next word and where fontkit's own shaper (the
 * PDF's placing, see kerning.test.ts) ends the first word's ink: "player. Next" once drew
 * the period where "player" ended unkerned, so the gap after "r." lost 160 font units.
 */

const LETTERS = [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  ...'ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρσςτυφχψω',
  ...'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя',
];
const PUNCTUATION = [...'.,;:!?)]’”»…'];
const NEXT = 'H';
const SIZE = 24;
const LINE = 40;
const WIDTH = 1200;
const ZOOM = 2;
/** Device pixels the measured gap may differ by: anti-aliased edges blur a column either side. */
const TOLERANCE = 2;

/** The parts of fontkit's full font that measure ink: its own shaper and glyph boxes. */
interface ShapingFont {
  unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout(text: string): { glyphs: Array<{ bbox: { minX: number; maxX: number } }>; positions: Array<{ xAdvance: number }> };
}

interface Placed {
  text: string;
  x: number;
}

/** The words of one line as satori placed them: pieces between spaces joined, each at its first piece's x. */
function placedWords(svg: string, baseline: number): Placed[] {
  const words: Placed[] = [];
  let open = false;
  for (const match of svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)) {
    const attrs = parseAttrs(match[1]!);
    if (Math.abs(Number(attrs.y) - baseline) > 1) continue;
    const text = match[2]!;
    if (text.trim() === '') {
      open = false;
      continue;
    }
    if (open) words.at(-1)!.text += text;
    else words.push({ text, x: Number(attrs.x) });
    open = true;
  }
  return words;
}

/** Where a word's ink starts and ends, in layout pixels from its origin, as fontkit sets it. */
function ink(font: ShapingFont, word: string): { left: number; right: number } {
  const run = font.layout(word);
  let pen = 0;
  let [left, right] = [Infinity, -Infinity];
  run.glyphs.forEach((glyph, i) => {
    const box = glyph.bbox;
    if (box.maxX > box.minX) [left, right] = [Math.min(left, pen + box.minX), Math.max(right, pen + box.maxX)];
    pen += run.positions[i]!.xAdvance;
  });
  const scale = SIZE / font.unitsPerEm;
  return { left: left * scale, right: right * scale };
}

/** The longest run of blank columns between two device x positions in a band of rows: the gap between two words. */
function widestGap(png: PNG, top: number, bottom: number, from: number, to: number): number {
  let [widest, current] = [0, 0];
  for (let x = Math.max(0, from); x < Math.min(png.width, to); x++) {
    let blank = true;
    for (let y = top; y < bottom && blank; y++) blank = png.data[(y * png.width + x) * 4]! > 250;
    current = blank ? current + 1 : 0;
    widest = Math.max(widest, current);
  }
  return widest;
}

async function checkFace(face: FontFace): Promise<string[]> {
  const font = create(readFileSync(face.file)) as unknown as ShapingFont;
  const letters = LETTERS.filter((letter) => font.hasGlyphForCodePoint(letter.codePointAt(0)!));
  const lineStyle = {
    display: 'flex',
    height: LINE,
    fontFamily: face.family,
    fontWeight: face.weight,
    fontStyle: face.style,
    fontSize: SIZE,
    lineHeight: 1,
    color: '#000000',
  };
  const element = {
    type: 'div',
    props: {
      style: { display: 'flex', flexDirection: 'column', width: WIDTH, backgroundColor: '#ffffff' },
      children: letters.map((letter) => ({
        type: 'div',
        props: { style: lineStyle, children: PUNCTUATION.map((mark) => `${letter}${mark} ${NEXT}`).join(' ') },
      })),
    },
  };
  const block = await layoutBlock(element as never, WIDTH);
  const png = PNG.sync.read(
    await renderPng(
      {
        width: WIDTH,
        height: block.height,
        background: '#ffffff',
        layers: [{ role: 'event', x: 0, y: 0, svg: block.svg, height: block.height }],
      },
      ZOOM,
    ),
  );
  const baselines = [...new Set([...block.svg.matchAll(/<text[^>]*\by="([\d.]+)"/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  assert.is(baselines.length, letters.length, `${face.family}: one line per letter`);
  const failures: string[] = [];
  const nextInk = ink(font, NEXT);
  letters.forEach((letter, line) => {
    const words = placedWords(block.svg, baselines[line]!);
    assert.is(
      words.length,
      PUNCTUATION.length * 2,
      `${face.family}: the words of the line for ${letter}: ${words.map((w) => w.text).join(' ')}`,
    );
    for (let i = 0; i < words.length; i += 2) {
      const [word, next] = [words[i]!, words[i + 1]!];
      const expected = (next.x + nextInk.left - (word.x + ink(font, word.text).right)) * ZOOM;
      const gap = widestGap(
        png,
        line * LINE * ZOOM,
        (line + 1) * LINE * ZOOM,
        Math.floor(word.x * ZOOM),
        Math.ceil((next.x + nextInk.left) * ZOOM) + 2,
      );
      if (Math.abs(gap - expected) > TOLERANCE)
        failures.push(
          `"${word.text} ${next.text}" ${face.family} ${face.weight} ${face.style}: gap ${gap} px, expected ${expected.toFixed(1)}`,
        );
    }
  });
  return failures;
}

test('the PNG keeps the space after every letter-punctuation pair of every shipped face, as the PDF sets it', async () => {
  const failures: string[] = [];
  let pairs = 0;
  // The emoji face has no letters: satori draws only what the text faces lack from it.
  for (const face of FONT_FACES.filter((f) => !f.fullShaping)) {
    failures.push(...(await checkFace(face)));
    pairs += LETTERS.length * PUNCTUATION.length;
  }
  assert.ok(pairs > 4000);
  assert.equal(failures.slice(0, 20), [], `${failures.length} gaps differ`);
});

test.run();
