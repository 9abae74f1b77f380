import { coverageIndex, featureSubtables, glyphClass } from './opentype.ts';

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

const bitCount = (n: number): number => n.toString(2).replace(/0/g, '').length;

/** Where XAdvance sits in a value record of this format, or undefined when it has none. */
const xAdvanceAt = (valueFormat: number): number | undefined => (valueFormat & 4 ? bitCount(valueFormat & 3) * 2 : undefined);

function pairSubtable(font: Buffer, at: number): Subtable | undefined {
  const format = font.readUInt16BE(at);
  const coverage = at + font.readUInt16BE(at + 2);
  const format1 = font.readUInt16BE(at + 4);
  const record1 = bitCount(format1) * 2;
  const record2 = bitCount(font.readUInt16BE(at + 6)) * 2;
  const advance = xAdvanceAt(format1);
  const valueAt = (record: number) => (advance === undefined ? 0 : font.readInt16BE(record + advance));
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
        if (second < right) low = middle + 1;
        else high = middle - 1;
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

/** Reads a font's pair kerning; a font without GPOS kerns nothing. */
export function readKerning(font: Buffer): Kerning {
  const lookups = new Map<string, Subtable[][]>();
  const lookupsFor = (script: string): Subtable[][] => {
    let found = lookups.get(script);
    if (!found) {
      found = featureSubtables(font, 'GPOS', script, 'kern', 2).map((offsets) => offsets.flatMap((at) => pairSubtable(font, at) ?? []));
      lookups.set(script, found);
    }
    return found;
  };
  const lookUp = (script: string, left: number, right: number): number => {
    let total = 0;
    for (const subtables of lookupsFor(script)) {
      for (const subtable of subtables) {
        const value = subtable(left, right);
        if (value !== undefined) {
          total += value;
          break;
        }
      }
    }
    return total;
  };
  // Text repeats the same pairs ("th", "e "): each is looked up in the table once.
  const known = new Map<string, Map<number, number>>();
  return {
    pair(script, left, right) {
      let pairs = known.get(script);
      if (!pairs) known.set(script, (pairs = new Map()));
      const key = left * 0x10000 + right;
      let value = pairs.get(key);
      if (value === undefined) pairs.set(key, (value = lookUp(script, left, right)));
      return value;
    },
  };
}
