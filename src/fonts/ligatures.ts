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
  return (glyphs, i) => {
    const index = coverageIndex(font, coverage, glyphs[i]!);
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
        for (let i = 0; i < glyphs.length;) {
          const found = subtables.reduce<ReturnType<Subtable>>((hit, subtable) => hit ?? subtable(glyphs, i), undefined);
          const length = found?.length ?? 1;
          nextGlyphs.push(found?.glyph ?? glyphs[i]!);
          nextSources.push(sources.slice(i, i + length).reduce((a, b) => a + b, 0));
          i += length;
        }
        [glyphs, sources] = [nextGlyphs, nextSources];
      }
      return { glyphs, sources };
    },
  };
}
