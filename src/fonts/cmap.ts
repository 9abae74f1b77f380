import { tableOffset } from './opentype.ts';

/**
 * The characters a TrueType/OpenType font maps to glyphs, read from its cmap table alone:
 * formats 4 (the Basic Multilingual Plane) and 12 (all of Unicode). Reading one table is far
 * cheaper than a full font parser when all we ask is "does this font have that character?".
 */
export interface CharacterMap {
  has(codePoint: number): boolean;
}

interface Range {
  start: number;
  end: number;
  /** Format 4 only: 0 when glyphs follow idDelta, else glyphs are looked up per character. */
  lookup?: (codePoint: number) => number;
}

function format12(font: Buffer, at: number): Range[] {
  const groups = font.readUInt32BE(at + 12);
  return Array.from({ length: groups }, (_, i) => ({
    start: font.readUInt32BE(at + 16 + i * 12),
    end: font.readUInt32BE(at + 20 + i * 12),
  }));
}

function format4(font: Buffer, at: number): Range[] {
  const segments = font.readUInt16BE(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const offsets = deltas + segments * 2;
  return Array.from({ length: segments }, (_, i): Range => {
    const start = font.readUInt16BE(starts + i * 2);
    const end = font.readUInt16BE(ends + i * 2);
    const delta = font.readUInt16BE(deltas + i * 2);
    const offsetAt = offsets + i * 2;
    const offset = font.readUInt16BE(offsetAt);
    if (offset === 0) return { start, end, lookup: (c) => (c + delta) & 0xffff };
    return {
      start,
      end,
      lookup: (c) => {
        const glyph = font.readUInt16BE(offsetAt + offset + (c - start) * 2);
        return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
      },
    };
  }).filter((r) => !(r.start === 0xffff && r.end === 0xffff));
}

/** Reads a font file's character map; the best Unicode subtable wins (format 12 over 4). */
export function readCharacterMap(font: Buffer): CharacterMap {
  const cmap = tableOffset(font, 'cmap');
  if (cmap === undefined) throw new Error('The font has no cmap table');
  const count = font.readUInt16BE(cmap + 2);
  let ranges: Range[] | undefined;
  for (let i = 0; i < count; i++) {
    const platform = font.readUInt16BE(cmap + 4 + i * 8);
    const encoding = font.readUInt16BE(cmap + 6 + i * 8);
    const at = cmap + font.readUInt32BE(cmap + 8 + i * 8);
    const format = font.readUInt16BE(at);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (unicode && format === 12) {
      ranges = format12(font, at);
      break;
    }
    if (unicode && format === 4 && !ranges) ranges = format4(font, at);
  }
  if (!ranges) throw new Error('The font has no Unicode character map of format 4 or 12');
  const found = ranges;
  return {
    has(codePoint) {
      const range = found.find((r) => codePoint >= r.start && codePoint <= r.end);
      return range !== undefined && (range.lookup ? range.lookup(codePoint) !== 0 : true);
    },
  };
}
