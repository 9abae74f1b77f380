import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.ts';

export interface FontFace {
  family: string;
  weight: 400 | 700;
  style: 'normal' | 'italic';
  /** Absolute path of the TTF file in fonts/. */
  file: string;
  /** Its glyphs come from substitutions the fast layout does not read (emoji sequences): fontkit's shaper sets it. */
  fullShaping?: true;
}

const FONTS_DIR = join(PACKAGE_ROOT, 'fonts') + '/';

const face = (family: string, weight: 400 | 700, style: 'normal' | 'italic', name: string): FontFace => ({
  family,
  weight,
  style,
  file: FONTS_DIR + name,
});

/** The fonts shipped in fonts/: the only fonts any renderer may use. */
export const FONT_FACES: readonly FontFace[] = [
  face('Noto Sans', 400, 'normal', 'NotoSans-Regular.ttf'),
  face('Noto Sans', 700, 'normal', 'NotoSans-Bold.ttf'),
  face('Noto Sans', 400, 'italic', 'NotoSans-Italic.ttf'),
  face('Noto Serif', 700, 'normal', 'NotoSerif-Bold.ttf'),
  face('Noto Serif', 400, 'italic', 'NotoSerif-Italic.ttf'),
  // Last: satori falls back to the loaded fonts in order, so only what the text fonts lack is drawn from it.
  { ...face('Noto Emoji', 400, 'normal', 'NotoEmoji-Regular.ttf'), fullShaping: true },
];

export interface SatoriFont {
  name: string;
  data: Buffer;
  weight: 400 | 700;
  style: 'normal' | 'italic';
}

let satoriFonts: SatoriFont[] | undefined;

/** One array for every satori call: satori caches parsed fonts by this array's identity. */
export function loadSatoriFonts(): SatoriFont[] {
  satoriFonts ??= FONT_FACES.map((f) => ({ name: f.family, data: readFileSync(f.file), weight: f.weight, style: f.style }));
  return satoriFonts;
}

function weightNumber(weight: string | undefined): number {
  if (weight === 'bold') return 700;
  const n = Number(weight);
  return Number.isFinite(n) && n > 0 ? n : 400;
}

/**
 * The shipped face for a family, weight and style as satori writes them in its SVG
 * (lower-cased family, "normal" or a number): the nearest weight of the same family and style.
 */
export function findFace(family: string, weight: string | undefined, style: string | undefined): FontFace {
  const wanted = weightNumber(weight);
  const italic = style === 'italic';
  const sameFamily = FONT_FACES.filter((f) => f.family.toLowerCase() === family.toLowerCase());
  const candidates = sameFamily.length > 0 ? sameFamily : FONT_FACES;
  const score = (f: FontFace) => Math.abs(f.weight - wanted) + ((f.style === 'italic') === italic ? 0 : 1000);
  return [...candidates].sort((a, b) => score(a) - score(b))[0]!;
}
