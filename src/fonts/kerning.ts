import { tableOffset } from './sfnt.ts';

/**
 * Pair kerning read straight from a font's GPOS table: the lookups of the `kern` feature for a
 * script, pair adjustment (lookup type 2, also behind type 9 extensions), formats 1 and 2.
 * Reading only the few bytes a pair needs keeps this far cheaper than a general shaper, which
 * decodes whole tables (fontkit spent about 0.2 ms a word here). Marks, contextual lookups and
 * the second glyph's value record are not applied: words set in the shipped Latin, Greek and
 * Cyrillic fonts need none of them.
 */
export interface Kerning {
  /** The change to the first glyph's advance, in font units, when `right` follows `left`. */
  pair(script: string, left: number, right: number): number;
}

type Subtable = (left: number, right: number) => number | undefined;

/** Index of a glyph in a Coverage table, or -1. */
function coverageIndex(font: Buffer, at: number, glyph: number): number {
  const format = font.readUInt16BE(at);
  const count = font.readUInt16BE(at + 2);
  let low = 0;
  let high = count - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (format === 1) {
      const found = font.readUInt16BE(at + 4 + middle * 2);
      if (found === glyph) return middle;
      if (found < glyph) low = middle + 1; else high = middle - 1;
    } else {
      const range = at + 4 + middle * 6;
      if (glyph < font.readUInt16BE(range)) high = middle - 1;
      else if (glyph > font.readUInt16BE(range + 2)) low = middle + 1;
      else return font.readUInt16BE(range + 4) + glyph - font.readUInt16BE(range);
    }
  }
  return -1;
}

function glyphClass(font: Buffer, at: number, glyph: number): number {
  const format = font.readUInt16BE(at);
  if (format === 1) {
    const start = font.readUInt16BE(at + 2);
    const count = font.readUInt16BE(at + 4);
    return glyph >= start && glyph < start + count ? font.readUInt16BE(at + 6 + (glyph - start) * 2) : 0;
  }
  let low = 0;
  let high = font.readUInt16BE(at + 2) - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = at + 4 + middle * 6;
    if (glyph < font.readUInt16BE(range)) high = middle - 1;
    else if (glyph > font.readUInt16BE(range + 2)) low = middle + 1;
    else return font.readUInt16BE(range + 4);
  }
  return 0;
}

const bitCount = (n: number): number => n.toString(2).replace(/0/g, '').length;

/** Where XAdvance sits in a value record of this format, or undefined when it has none. */
const xAdvanceAt = (valueFormat: number): number | undefined => valueFormat & 4 ? bitCount(valueFormat & 3) * 2 : undefined;

function pairSubtable(font: Buffer, at: number): Subtable | undefined {
  const format = font.readUInt16BE(at);
  const coverage = at + font.readUInt16BE(at + 2);
  const format1 = font.readUInt16BE(at + 4);
  const record1 = bitCount(format1) * 2;
  const record2 = bitCount(font.readUInt16BE(at + 6)) * 2;
  const advance = xAdvanceAt(format1);
  const valueAt = (record: number) => advance === undefined ? 0 : font.readInt16BE(record + advance);
  if (format === 1) {
    const entry = 2 + record1 + record2;
    return (left, right) => {
      const index = coverageIndex(font, coverage, left);
      if (index < 0) return undefined;
      const set = at + font.readUInt16BE(at + 10 + index * 2);
      let low = 0;
      let high = font.readUInt16BE(set) - 1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        const record = set + 2 + middle * entry;
        const second = font.readUInt16BE(record);
        if (second === right) return valueAt(record + 2);
        if (second < right) low = middle + 1; else high = middle - 1;
      }
      return undefined;
    };
  }
  if (format !== 2) return undefined;
  const classes1 = at + font.readUInt16BE(at + 8);
  const classes2 = at + font.readUInt16BE(at + 10);
  const class1Count = font.readUInt16BE(at + 12);
  const class2Count = font.readUInt16BE(at + 14);
  const records = at + 16;
  return (left, right) => {
    if (coverageIndex(font, coverage, left) < 0) return undefined;
    const class1 = glyphClass(font, classes1, left);
    const class2 = glyphClass(font, classes2, right);
    if (class1 >= class1Count || class2 >= class2Count) return undefined;
    return valueAt(records + (class1 * class2Count + class2) * (record1 + record2));
  };
}

function lookupSubtables(font: Buffer, lookup: number): Subtable[] {
  const type = font.readUInt16BE(lookup);
  const count = font.readUInt16BE(lookup + 4);
  const subtables: Subtable[] = [];
  for (let i = 0; i < count; i++) {
    let at = lookup + font.readUInt16BE(lookup + 6 + i * 2);
    let subtableType = type;
    if (type === 9) {
      subtableType = font.readUInt16BE(at + 2);
      at += font.readUInt32BE(at + 4);
    }
    const subtable = subtableType === 2 ? pairSubtable(font, at) : undefined;
    if (subtable) subtables.push(subtable);
  }
  return subtables;
}

/** The lookup indices of the kern feature in a script's default language system. */
function kernLookupIndices(font: Buffer, gpos: number, script: string): number[] {
  const scripts = gpos + font.readUInt16BE(gpos + 4);
  const features = gpos + font.readUInt16BE(gpos + 6);
  const scriptCount = font.readUInt16BE(scripts);
  const tags = Array.from({ length: scriptCount }, (_, i) => font.toString('latin1', scripts + 2 + i * 6, scripts + 6 + i * 6));
  const chosen = [script, 'DFLT', 'latn'].map((tag) => tags.indexOf(tag)).find((i) => i >= 0);
  if (chosen === undefined) return [];
  const scriptTable = scripts + font.readUInt16BE(scripts + 6 + chosen * 6);
  const langSysOffset = font.readUInt16BE(scriptTable);
  if (langSysOffset === 0) return [];
  const langSys = scriptTable + langSysOffset;
  const indices: number[] = [];
  for (let i = 0; i < font.readUInt16BE(langSys + 4); i++) {
    const record = features + 2 + font.readUInt16BE(langSys + 6 + i * 2) * 6;
    if (font.toString('latin1', record, record + 4) !== 'kern') continue;
    const feature = features + font.readUInt16BE(record + 4);
    for (let j = 0; j < font.readUInt16BE(feature + 2); j++) indices.push(font.readUInt16BE(feature + 4 + j * 2));
  }
  return indices.sort((a, b) => a - b);
}

/** Reads a font's pair kerning; a font without GPOS kerns nothing. */
export function readKerning(font: Buffer): Kerning {
  const gpos = tableOffset(font, 'GPOS');
  const lookups = new Map<string, Subtable[][]>();
  const lookupsFor = (script: string): Subtable[][] => {
    let found = lookups.get(script);
    if (!found) {
      const list = gpos === undefined ? 0 : gpos + font.readUInt16BE(gpos + 8);
      found = gpos === undefined ? [] : kernLookupIndices(font, gpos, script)
        .map((index) => lookupSubtables(font, list + font.readUInt16BE(list + 2 + index * 2)));
      lookups.set(script, found);
    }
    return found;
  };
  return {
    pair(script, left, right) {
      let total = 0;
      for (const subtables of lookupsFor(script)) {
        for (const subtable of subtables) {
          const value = subtable(left, right);
          if (value !== undefined) { total += value; break; }
        }
      }
      return total;
    },
  };
}
