import type { PathCommand } from 'fontkit';
import { faceRuns } from '../fonts/fallback.ts';
import { findFace } from '../fonts/index.ts';
import { parsedFont, type ParsedFont } from '../fonts/parsed.ts';
import { decodeEntities, parseAttrs, type Attrs } from './svg-tags.ts';
import { SizeBoundedCache } from '../layout/size-bounded-cache.ts';

/**
 * Turns satori's positioned `<text>` words into `<path>` outlines before resvg draws them.
 * resvg spent most of a band's parse time laying out text (about 30 ms of 40 for a band of
 * 240 words); outlines from the same font files, placed at the same x and baseline with the
 * same glyphs and pair kerning as the PDF, parse in about 3 ms and draw the same pixels.
 */

/** Attributes of a `<text>` that the outline keeps or replaces; a word with any other is left as text. */
const UNDERSTOOD = new Set([
  'x',
  'y',
  'width',
  'height',
  'font-family',
  'font-weight',
  'font-style',
  'font-size',
  'letter-spacing',
  'fill',
  'clip-path',
  'mask',
  'opacity',
  'fill-opacity',
  'transform',
]);
const PAINTED = ['fill', 'opacity', 'fill-opacity'];
/**
 * A clip path or mask is read in the user space of the element that names it, after that
 * element's own transform: on the outline, under its font-unit matrix, satori's clip rect
 * would shrink to nothing. They go on a group around the outlines, with the word's transform.
 */
const CLIPPING = ['transform', 'clip-path', 'mask'];

const attributes = (attrs: Attrs, names: readonly string[]): string =>
  names
    .filter((name) => attrs[name] !== undefined)
    .map((name) => ` ${name}="${attrs[name]!.replace(/"/g, '&quot;')}"`)
    .join('');

const TEXT = /<text((?:\s+[\w:-]+="[^"]*")*)\s*>([^<]*)<\/text>/g;

interface Outline {
  /** Where the outline starts, in font units from the glyph's origin. */
  x: number;
  y: number;
  /** The rest of the outline as relative commands, so it can be placed with one absolute move. */
  rest: string;
}

const outlines = new Map<string, Outline>();
const n = Math.round;

function relativeOutline(commands: readonly PathCommand[]): Outline {
  let [x, y, startX, startY] = [0, 0, 0, 0];
  let first: [number, number] | undefined;
  const parts: string[] = [];
  const rel = (px: number, py: number) => `${n(px - x)} ${n(py - y)}`;
  for (const { command, args: a } of commands) {
    if (command === 'moveTo') {
      if (first) parts.push(`m${rel(a[0]!, a[1]!)}`);
      else first = [a[0]!, a[1]!];
      [x, y, startX, startY] = [a[0]!, a[1]!, a[0]!, a[1]!];
      continue;
    }
    if (command === 'closePath') {
      parts.push('z');
      [x, y] = [startX, startY];
      continue;
    }
    const points: Array<[number, number]> = [];
    for (let i = 0; i < a.length; i += 2) points.push([a[i]!, a[i + 1]!]);
    const letter = command === 'lineTo' ? 'l' : command === 'quadraticCurveTo' ? 'q' : 'c';
    parts.push(letter + points.map(([px, py]) => rel(px, py)).join(' '));
    [x, y] = points.at(-1)!;
  }
  return { x: first?.[0] ?? 0, y: first?.[1] ?? 0, rest: parts.join('') };
}

function outlineOf(file: string, font: ParsedFont, glyph: number): Outline {
  const key = `${file}#${glyph}`;
  let outline = outlines.get(key);
  if (!outline) {
    outline = relativeOutline(font.getGlyph(glyph).path.commands);
    outlines.set(key, outline);
  }
  return outline;
}

/** One face's part of a word as outlines in font units from its origin, and how far it advances in layout pixels. */
function runOutline(
  file: string,
  text: string,
  size: number,
  letterSpacing: number,
): { d: string; scale: number; advance: number } | undefined {
  const font = parsedFont(file);
  const run = font.layout(text);
  // A character these fonts lack stays text, for resvg's own fallback to handle.
  if (run.glyphs.some((g) => g.id === 0)) return undefined;
  const scale = size / font.unitsPerEm;
  const spacing = letterSpacing / scale;
  let pen = 0;
  const d: string[] = [];
  run.glyphs.forEach((glyph, i) => {
    const outline = outlineOf(file, font, glyph.id);
    const { xAdvance, xOffset, yOffset } = run.positions[i]!;
    if (outline.rest) d.push(`M${n(pen + xOffset + outline.x)} ${n(yOffset + outline.y)}${outline.rest}`);
    pen += xAdvance + spacing;
  });
  return { d: d.join(''), scale, advance: pen * scale };
}

/**
 * One word as paths in font units under a transform to its baseline, a path for each face
 * it is drawn from (an emoji comes from Noto Emoji); undefined to keep it as text.
 */
function wordPath(attrs: Attrs, text: string): string | undefined {
  if (Object.keys(attrs).some((name) => !UNDERSTOOD.has(name))) return undefined;
  const face = findFace(attrs['font-family'] ?? '', attrs['font-weight'], attrs['font-style']);
  const size = Number(attrs['font-size']);
  const letterSpacing = Number(attrs['letter-spacing'] ?? 0);
  const painted = attributes(attrs, PAINTED);
  const y = Number(attrs.y ?? 0);
  let x = Number(attrs.x ?? 0);
  const paths: string[] = [];
  for (const run of faceRuns(face, text)) {
    const outline = runOutline(run.face.file, run.text, size, letterSpacing);
    if (outline === undefined) return undefined;
    if (outline.d) {
      paths.push(`<path transform="matrix(${outline.scale} 0 0 ${-outline.scale} ${x} ${y})"${painted} d="${outline.d}"/>`);
    }
    x += outline.advance;
  }
  const clipping = attributes(attrs, CLIPPING);
  return clipping && paths.length > 0 ? `<g${clipping}>${paths.join('')}</g>` : paths.join('');
}

interface Word {
  attrs: Attrs;
  text: string;
  /** The `<text>` element as written, kept when the run cannot be outlined. */
  source: string;
  /** Where the element starts and ends in the SVG. */
  start: number;
  end: number;
}

/** Attributes that place a word; the others must be equal for two words to be set as one string. */
const PLACING = new Set(['x', 'width']);

const sameStyle = (a: Attrs, b: Attrs): boolean => {
  const names = Object.keys(a).filter((name) => !PLACING.has(name));
  return names.length === Object.keys(b).filter((name) => !PLACING.has(name)).length && names.every((name) => a[name] === b[name]);
};

/**
 * Whether `next` carries on the string `run` ends with: written right after it, in its style,
 * starting where it ends. satori measures a word and its punctuation as one string, kerned
 * ("r." is 160 font units narrower than "r" and "." apart), but writes them as separate
 * `<text>` pieces at unkerned places; setting the pieces as one string from the first one's x
 * puts every glyph where satori measured it, as the PDF does.
 */
const continues = (run: Word, next: Word): boolean =>
  next.start === run.end &&
  sameStyle(run.attrs, next.attrs) &&
  Math.abs(Number(run.attrs.x) + Number(run.attrs.width) - Number(next.attrs.x)) < 0.5;

/** The SVG's `<text>` elements, pieces that continue one another joined into one word each. */
function words(svg: string): Word[] {
  const found: Word[] = [];
  for (const match of svg.matchAll(TEXT)) {
    const word: Word = {
      attrs: parseAttrs(match[1]!),
      text: decodeEntities(match[2]!),
      source: match[0],
      start: match.index,
      end: match.index + match[0].length,
    };
    const run = found.at(-1);
    if (run && continues(run, word)) {
      run.text += word.text;
      run.source += word.source;
      run.end = word.end;
      run.attrs = { ...run.attrs, width: String(Number(word.attrs.x) + Number(word.attrs.width) - Number(run.attrs.x)) };
    } else {
      found.push(word);
    }
  }
  return found;
}

function outlineWords(svg: string): string {
  let out = '';
  let at = 0;
  for (const word of words(svg)) {
    out += svg.slice(at, word.start) + (wordPath(word.attrs, word.text) ?? word.source);
    at = word.end;
  }
  return out + svg.slice(at);
}

/**
 * Outlined SVG of blocks seen before: cached blocks come back as the same strings, render after
 * render. Bounded by characters, the block's and its outline's, as the block cache is.
 */
const outlinedBlocks = new SizeBoundedCache<string>(16 * 1024 * 1024);

/** The SVG with each positioned word drawn as its glyph outlines. */
export function outlineText(svg: string): string {
  let outlined = outlinedBlocks.get(svg);
  if (outlined === undefined) {
    outlined = outlineWords(svg);
    outlinedBlocks.set(svg, outlined, svg.length + outlined.length);
  }
  return outlined;
}
