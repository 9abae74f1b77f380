import { coverageIndex, featureSubtables } from './opentype.ts';

/**
 * Standard ligatures (the `liga` feature: fi, fl, ff…) read straight from a font's GSUB table,
 * lookup type 4, as HarfBuzz applies them by default; satori measured the words with them,
 * so the PDF and the PNG's outlines must use them too.
 */
export interface Ligatures {
  /** The glyphs with each run that forms a ligature replaced by it; `sources` says how many glyphs each one stands for. */
  apply(script: string, glyphs: readonly number[]): { glyphs: number[]; sources: number[] };
}

/** A ligature subtable: the ligature glyph and the glyphs it consumes, if one starts at `i`. */
type Subtable = (glyphs: readonly number[], i: number) => { glyph: number; length: number } | undefined;

function ligatureSubtable(font: Buffer, at: number): Subtable {
  const coverage = at + font.readUInt16BE(at + 2);
  // Most glyphs start no ligature; each glyph's coverage is searched for once.
  const indexes = new Map<number, number>();
  return (glyphs, i) => {
    const glyph = glyphs[i]!;
    let index = indexes.get(glyph);
    if (index === undefined) indexes.set(glyph, (index = coverageIndex(font, coverage, glyph)));
    if (index < 0) return undefined;
    const set = at + font.readUInt16BE(at + 6 + index * 2);
    for (let l = 0; l < font.readUInt16BE(set); l++) {
      const ligature = set + font.readUInt16BE(set + 2 + l * 2);
      const components = font.readUInt16BE(ligature + 2);
      let matches = i + components <= glyphs.length;
      for (let c = 1; matches && c < components; c++) matches = glyphs[i + c] === font.readUInt16BE(ligature + 2 + c * 2);
      if (matches) return { glyph: font.readUInt16BE(ligature), length: components };
    }
    return undefined;
  };
}

/** Reads a font's standard ligatures; a font without them forms none. */
export function readLigatures(font: Buffer): Ligatures {
  const lookups = new Map<string, Subtable[][]>();
  const lookupsFor = (script: string): Subtable[][] => {
    let found = lookups.get(script);
    if (!found) {
      found = featureSubtables(font, 'GSUB', script, 'liga', 4).map((offsets) => offsets.map((at) => ligatureSubtable(font, at)));
      lookups.set(script, found);
    }
    return found;
  };
  return {
    apply(script, input) {
      let glyphs = [...input];
      let sources = glyphs.map(() => 1);
      // Each lookup passes over the whole run in turn, as a shaper applies them.
      for (const subtables of lookupsFor(script)) {
        const [nextGlyphs, nextSources]: [number[], number[]] = [[], []];
        for (let i = 0; i < glyphs.length; ) {
          let found: ReturnType<Subtable>;
          for (const subtable of subtables) if ((found = subtable(glyphs, i))) break;
          const length = found?.length ?? 1;
          nextGlyphs.push(found?.glyph ?? glyphs[i]!);
          let consumed = 0;
          for (let c = i; c < i + length; c++) consumed += sources[c]!;
          nextSources.push(consumed);
          i += length;
        }
        [glyphs, sources] = [nextGlyphs, nextSources];
      }
      return { glyphs, sources };
    },
  };
}
