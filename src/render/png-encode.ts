import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function header(width: number, height: number, colourType: 2 | 3): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = colourType;
  return chunk('IHDR', ihdr);
}

/**
 * The exact palette of an opaque RGBA image, or undefined past 256 colours. Flat designs
 * with anti-aliased text have a few hundred colours at most, so an indexed PNG is lossless.
 * The colour-to-slot table (32 MB) is kept between images; each resets only the slots it used.
 */
let slots: Int16Array | undefined;

function indexColours(rgba: Uint8Array, pixels: number): { palette: Uint8Array; indices: Uint8Array } | undefined {
  const slot = (slots ??= new Int16Array(1 << 24).fill(-1));
  const used: number[] = [];
  const palette = new Uint8Array(256 * 3);
  const indices = new Uint8Array(pixels);
  let lastKey = -1;
  let lastIndex = 0;
  try {
    for (let p = 0, i = 0; p < pixels; p++, i += 4) {
      const key = (rgba[i]! << 16) | (rgba[i + 1]! << 8) | rgba[i + 2]!;
      if (key !== lastKey) {
        let index = slot[key]!;
        if (index < 0) {
          if (used.length === 256) return undefined;
          index = used.length;
          used.push(key);
          slot[key] = index;
          palette.set([rgba[i]!, rgba[i + 1]!, rgba[i + 2]!], index * 3);
        }
        lastKey = key;
        lastIndex = index;
      }
      indices[p] = lastIndex;
    }
    return { palette: palette.subarray(0, used.length * 3), indices };
  } finally {
    for (const key of used) slot[key] = -1;
  }
}

/** Rows of `stride` bytes, each led by filter type `filter` (0 none, 2 up). */
function filtered(data: Uint8Array, stride: number, rows: number, filter: 0 | 2): Uint8Array {
  const out = new Uint8Array((stride + 1) * rows);
  for (let y = 0; y < rows; y++) {
    const from = y * stride;
    const to = y * (stride + 1);
    out[to] = filter;
    if (filter === 0 || y === 0) {
      out.set(data.subarray(from, from + stride), to + 1);
    } else {
      for (let x = 0; x < stride; x++) out[to + 1 + x] = (data[from + x]! - data[from - stride + x]!) & 0xff;
    }
  }
  return out;
}

/**
 * Encodes opaque RGBA pixels as a lossless PNG: indexed with an exact palette when the
 * image has at most 256 colours, otherwise RGB. Smaller than resvg's own encoder by 2-3x.
 */
export function encodePng(rgba: Uint8Array, width: number, height: number): Buffer {
  const pixels = width * height;
  const indexed = indexColours(rgba, pixels);
  if (indexed) {
    // Level 6: level 9 saves a tenth of the bytes for six times the time.
    const idat = deflateSync(filtered(indexed.indices, width, height, 0), { level: 6, memLevel: 9 });
    return Buffer.concat([SIGNATURE, header(width, height, 3), chunk('PLTE', indexed.palette), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
  }
  const rgb = new Uint8Array(pixels * 3);
  for (let p = 0, i = 0, o = 0; p < pixels; p++, i += 4, o += 3) {
    rgb[o] = rgba[i]!;
    rgb[o + 1] = rgba[i + 1]!;
    rgb[o + 2] = rgba[i + 2]!;
  }
  const idat = deflateSync(filtered(rgb, width * 3, height, 2), { level: 6 });
  return Buffer.concat([SIGNATURE, header(width, height, 2), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}
