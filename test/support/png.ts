import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, basename } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

/** Set UPDATE_GOLDENS=1 to write the current renders as the new goldens. */
export const UPDATING_GOLDENS = process.env.UPDATE_GOLDENS === '1';

export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(bytes);
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

export interface GoldenResult {
  differing: number;
  total: number;
  /** Where the diff image was written when the images differ. */
  diffPath?: string;
  sizeMismatch?: string;
}

/**
 * Compares a PNG with its golden pixel by pixel (pixelmatch, anti-aliasing ignored).
 * With UPDATE_GOLDENS=1 the golden is rewritten instead.
 */
export function compareWithGolden(actual: Uint8Array, goldenPath: string): GoldenResult {
  if (UPDATING_GOLDENS) {
    mkdirSync(dirname(goldenPath), { recursive: true });
    writeFileSync(goldenPath, actual);
  }
  if (!existsSync(goldenPath)) throw new Error(`No golden at ${goldenPath}: run UPDATE_GOLDENS=1 npm test to make it, then look at it.`);
  const a = PNG.sync.read(Buffer.from(actual));
  const b = PNG.sync.read(readFileSync(goldenPath));
  if (a.width !== b.width || a.height !== b.height) {
    return { differing: -1, total: a.width * a.height, sizeMismatch: `${a.width}x${a.height} vs golden ${b.width}x${b.height}` };
  }
  const diff = new PNG({ width: a.width, height: a.height });
  const differing = pixelmatch(a.data, b.data, diff.data, a.width, a.height, { threshold: 0.1 });
  const result: GoldenResult = { differing, total: a.width * a.height };
  if (differing > 0) {
    result.diffPath = join(tmpdir(), `diff-${basename(goldenPath)}`);
    writeFileSync(result.diffPath, PNG.sync.write(diff));
  }
  return result;
}
