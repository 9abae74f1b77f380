import { createDeflate, createInflate } from 'node:zlib';

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

/** A horizontal band of an image: opaque RGBA rows, top to bottom. */
export interface Band {
  rgba: Uint8Array;
  rows: number;
}

/** zlib level 6: level 9 saves a tenth of the bytes for six times the time. */
const DEFLATE = { level: 6, memLevel: 9 } as const;

/**
 * Compresses chunks as they come, one at a time on a libuv thread: a chunk is queued once zlib
 * has taken the one before, so the caller makes the next chunk while zlib compresses this one,
 * and memory holds two chunks at most.
 */
class Compressor {
  private readonly deflate = createDeflate(DEFLATE);
  private readonly output: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  private previousTaken: Promise<void> = Promise.resolve();

  constructor() {
    this.deflate.on('data', (data: Buffer) => this.output.push(data));
    this.done = new Promise((resolve, reject) => {
      this.deflate.on('end', () => resolve(Buffer.concat(this.output)));
      this.deflate.on('error', reject);
    });
  }

  /** Resolves once zlib has taken the chunk written before this one: that chunk's buffer may then be filled again. */
  async write(data: Uint8Array): Promise<void> {
    await this.previousTaken;
    // An error reaches `done`; the write's own callback only says the chunk is no longer needed.
    this.previousTaken = new Promise((resolve) => this.deflate.write(data, () => resolve()));
  }

  async finish(): Promise<Buffer> {
    await this.previousTaken;
    this.deflate.end();
    return this.done;
  }
}

/**
 * Two buffers used in turn for the chunks given to a Compressor: when one is taken again, the
 * Compressor has finished with it (it took the other since). Saves allocating a band-sized
 * buffer per band, whose external memory made V8 collect its heap again and again.
 */
class ChunkBuffers {
  private readonly buffers: Uint8Array[] = [];
  private turn = 0;

  /** A buffer of `size` bytes; its old contents remain unless `zeroed`. */
  take(size: number, zeroed: boolean): Uint8Array {
    const slot = this.turn++ & 1;
    let buffer = this.buffers[slot];
    if (!buffer || buffer.length < size) {
      buffer = new Uint8Array(size);
      this.buffers[slot] = buffer;
      return buffer;
    }
    const chunk = buffer.subarray(0, size);
    if (zeroed) chunk.fill(0);
    return chunk;
  }
}

/** Slots of the palette's hash table: four times the most colours an indexed image may have. */
const HASH_SLOTS = 1024;

/**
 * The exact palette of an image being indexed: colours as 0xBBGGRR keys (the order RGBA bytes
 * read as little-endian words), found through a small open-addressing hash table.
 */
class Palette {
  readonly colours: number[] = [];
  private readonly keys = new Int32Array(HASH_SLOTS).fill(-1);
  private readonly indices = new Uint8Array(HASH_SLOTS);

  /** The colour's index, added if new; -1 once a 257th colour is asked for. */
  indexOf(key: number): number {
    let slot = Math.imul(key, 0x9e3779b1) >>> 22;
    for (;;) {
      const found = this.keys[slot]!;
      if (found === key) return this.indices[slot]!;
      if (found === -1) break;
      slot = (slot + 1) & (HASH_SLOTS - 1);
    }
    if (this.colours.length === 256) return -1;
    this.keys[slot] = key;
    this.indices[slot] = this.colours.length;
    this.colours.push(key);
    return this.colours.length - 1;
  }

  /** PLTE bytes: red, green, blue for each colour. */
  toBytes(): Buffer {
    const bytes = Buffer.alloc(this.colours.length * 3);
    this.colours.forEach((key, i) => bytes.set([key & 0xff, (key >> 8) & 0xff, key >> 16], i * 3));
    return bytes;
  }
}

/** Reads RGBA bytes four at a time; copies them first only when they are not word-aligned. */
function pixelWords(rgba: Uint8Array): Uint32Array {
  const aligned = rgba.byteOffset % 4 === 0 ? rgba : rgba.slice();
  return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >> 2);
}

/**
 * Indexes a band against the palette built so far; false once the image passes 256 colours.
 * Flat designs with anti-aliased text have a few hundred colours at most, so indexed is lossless.
 */
function indexBand(band: Band, width: number, palette: Palette, out: Uint8Array): boolean {
  const pixels = pixelWords(band.rgba);
  const bytes = Buffer.from(band.rgba.buffer, band.rgba.byteOffset, band.rgba.byteLength);
  const [rowBytes, outRow] = [width * 4, width + 1];
  let lastKey = -1;
  let lastIndex = 0;
  for (let y = 0, i = 0, o = 0; y < band.rows; y++) {
    // A flat design repeats rows (margins, the spine between cards, card padding): a native
    // compare and copy index such a row in a fraction of the loop's time, to the same bytes.
    const start = i * 4;
    if (y > 0 && bytes.compare(bytes, start - rowBytes, start, start, start + rowBytes) === 0) {
      out.copyWithin(o, o - outRow, o);
      o += outRow;
      i += width;
      continue;
    }
    out[o++] = 0;
    for (let x = 0; x < width; x++, i++) {
      const key = pixels[i]! & 0xffffff;
      if (key !== lastKey) {
        lastIndex = palette.indexOf(key);
        if (lastIndex < 0) return false;
        lastKey = key;
      }
      out[o++] = lastIndex;
    }
  }
  return true;
}

/** Where indexing passed 256 colours: the rows indexed before, compressed, and the pixels not yet indexed. */
interface Overflow {
  palette: Palette;
  /** Zlib stream of the indexed rows before `band`, each led by filter byte 0, as the indexed PNG holds them. */
  indexed: Buffer;
  band: Band;
  rest: AsyncIterator<Band>;
}

/** What indexing made: the PNG, or where it passed 256 colours. */
type IndexedOutcome = { png: Buffer } | { overflow: Overflow };

/** An indexed PNG from bands; stops at the band that brings a 257th colour. */
async function encodeIndexed(width: number, height: number, bands: AsyncIterable<Band>): Promise<IndexedOutcome> {
  const palette = new Palette();
  const compressor = new Compressor();
  const buffers = new ChunkBuffers();
  const iterator = bands[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const rows = buffers.take((width + 1) * next.value.rows, false);
    if (!indexBand(next.value, width, palette, rows)) {
      return { overflow: { palette, indexed: await compressor.finish(), band: next.value, rest: iterator } };
    }
    await compressor.write(rows);
  }
  return {
    png: Buffer.concat([
      SIGNATURE,
      header(width, height, 3),
      chunk('PLTE', palette.toBytes()),
      chunk('IDAT', await compressor.finish()),
      chunk('IEND', new Uint8Array(0)),
    ]),
  };
}

/** Rows of pixels as 32-bit words (0xAABBGGRR), the form the RGB filter reads. */
interface PixelRows {
  pixels: Uint32Array;
  rows: number;
}

async function* bandPixels(first: Band | undefined, rest: AsyncIterator<Band>): AsyncIterable<PixelRows> {
  if (first) yield { pixels: pixelWords(first.rgba), rows: first.rows };
  for (let next = await rest.next(); !next.done; next = await rest.next())
    yield { pixels: pixelWords(next.value.rgba), rows: next.value.rows };
}

/** Indexed rows read back from their zlib stream, a batch at a time, as pixel words through the palette. */
async function* indexedPixels(overflow: Overflow, width: number): AsyncIterable<PixelRows> {
  const rowBytes = width + 1;
  const colours = Uint32Array.from(overflow.palette.colours);
  // Inflated as a stream, so memory holds a batch of rows, not every row indexed before the overflow.
  const inflate = createInflate({ chunkSize: 1 << 20 });
  inflate.end(overflow.indexed);
  // The encoder is done with a batch before it asks for the next: two buffers in turn serve every batch.
  const buffers = new ChunkBuffers();
  // A row split between two chunks: its first part, waiting for the rest.
  const split = new Uint8Array(rowBytes);
  let splitBytes = 0;
  const toPixels = (indices: Uint8Array, start: number, pixels: Uint32Array, row: number) => {
    for (let x = 0, i = start + 1, o = row * width; x < width; x++) pixels[o++] = colours[indices[i++]!]!;
  };
  for await (const chunk of inflate as AsyncIterable<Buffer>) {
    const rows = Math.floor((splitBytes + chunk.length) / rowBytes);
    if (rows === 0) {
      split.set(chunk, splitBytes);
      splitBytes += chunk.length;
      continue;
    }
    const bytes = buffers.take(rows * width * 4, false);
    const pixels = new Uint32Array(bytes.buffer, bytes.byteOffset, rows * width);
    let offset = 0;
    let row = 0;
    if (splitBytes > 0) {
      offset = rowBytes - splitBytes;
      split.set(chunk.subarray(0, offset), splitBytes);
      toPixels(split, 0, pixels, row++);
    }
    for (; row < rows; row++, offset += rowBytes) toPixels(chunk, offset, pixels, row);
    splitBytes = chunk.length - offset;
    split.set(chunk.subarray(offset), 0);
    yield { pixels, rows };
  }
}

async function* chained<T>(...parts: AsyncIterable<T>[]): AsyncIterable<T> {
  for (const part of parts) yield* part;
}

const HIGH_BITS = 0x80808080;

/**
 * An RGB PNG from rows of pixels, each row led by the Up filter (against the row above, across
 * batches). Pixels equal to the one above are left as the zeros the buffer starts with; the rest
 * subtract all channels at once in one word, without borrows between bytes.
 */
async function encodeRgb(width: number, height: number, batches: AsyncIterable<PixelRows>): Promise<Buffer> {
  const compressor = new Compressor();
  const buffers = new ChunkBuffers();
  const rowBytes = width * 3 + 1;
  let above: Uint32Array = new Uint32Array(width);
  for await (const { pixels, rows } of batches) {
    if (rows === 0) continue;
    const out = buffers.take(rowBytes * rows, true);
    let aboveRow = above;
    let aboveStart = 0;
    for (let y = 0; y < rows; y++) {
      const start = y * width;
      let o = y * rowBytes;
      out[o++] = 2;
      for (let x = 0; x < width; x++, o += 3) {
        const pixel = pixels[start + x]!;
        const up = aboveRow[aboveStart + x]!;
        if (((pixel ^ up) & 0xffffff) === 0) continue;
        const difference = (((pixel | HIGH_BITS) >>> 0) - (up & ~HIGH_BITS)) ^ ((pixel ^ ~up) & HIGH_BITS);
        out[o] = difference;
        out[o + 1] = difference >>> 8;
        out[o + 2] = difference >>> 16;
      }
      aboveRow = pixels;
      aboveStart = start;
    }
    above = pixels.slice((rows - 1) * width, rows * width);
    await compressor.write(out);
  }
  return Buffer.concat([SIGNATURE, header(width, height, 2), chunk('IDAT', await compressor.finish()), chunk('IEND', new Uint8Array(0))]);
}

/**
 * Encodes an opaque image, band after band, as a lossless PNG: indexed with an exact palette
 * when it has at most 256 colours, otherwise RGB. Past 256 colours nothing is drawn again: the
 * rows indexed so far are read back from their compressed form. Smaller than resvg's own
 * encoder by 2-3x, and it never holds more than a few bands of pixels.
 */
export async function encodePngBands(
  width: number,
  height: number,
  bands: () => AsyncIterable<Band>,
  mayBeIndexed = true,
): Promise<Buffer> {
  if (!mayBeIndexed) return encodeRgb(width, height, bandPixels(undefined, bands()[Symbol.asyncIterator]()));
  const indexed = await encodeIndexed(width, height, bands());
  if ('png' in indexed) return indexed.png;
  const { overflow } = indexed;
  return encodeRgb(width, height, chained(indexedPixels(overflow, width), bandPixels(overflow.band, overflow.rest)));
}

/** Encodes opaque RGBA pixels held whole. */
export function encodePng(rgba: Uint8Array, width: number, height: number): Promise<Buffer> {
  return encodePngBands(width, height, async function* () {
    yield { rgba, rows: height };
  });
}
