import { createHash } from 'node:crypto';
import satori from 'satori';
import type { JSXNode } from 'satori/jsx';
import { FONT_FACES, loadSatoriFonts } from '../fonts/index.ts';

/** A piece of the timeline laid out once by satori: SVG content in its own coordinates, and its size. */
export interface Block {
  svg: string;
  width: number;
  height: number;
}

const ROOT = /^<svg width="([\d.]+)" height="([\d.]+)"[^>]*>([\s\S]*)<\/svg>$/;

/** Most blocks kept: a few MB of SVG, enough for the cards of many timelines at several widths. */
const CACHE_SIZE = 4000;

/** Blocks laid out before in this process, by what went in: a card's layout depends only on its element and size. */
const cache = new Map<string, Promise<Block>>();

// Components are functions, which JSON leaves out: their source stands for them in the key.
const keyOf = (element: JSXNode, width: number, height: number | undefined): string =>
  createHash('sha256').update(JSON.stringify([element, width, height ?? null], (_, value: unknown) => typeof value === 'function' ? String(value) : value)).digest('base64');

/**
 * Lays out one element at a fixed width; its height follows the content unless given. Text stays as
 * positioned `<text>` words (embedFont: false) so the PDF can carry real text. A block laid out
 * before in this process comes from the cache: a preview server re-renders a saved file with
 * satori running only for the cards that changed.
 */
export function layoutBlock(element: JSXNode, width: number, height?: number): Promise<Block> {
  const key = keyOf(element, width, height);
  let block = cache.get(key);
  if (block) {
    // Refreshed as the newest, so the least recently used goes first.
    cache.delete(key);
  } else {
    block = layoutUncached(element, width, height);
    // A failed layout is not kept: the next render tries again.
    block.catch(() => cache.delete(key));
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, block);
  return block;
}

async function layoutUncached(element: JSXNode, width: number, height?: number): Promise<Block> {
  const size = height === undefined ? { width } : { width, height };
  const svg = await satori(element as Parameters<typeof satori>[0], { ...size, fonts: loadSatoriFonts(), embedFont: false });
  const match = svg.match(ROOT);
  if (!match) throw new Error('satori returned an SVG of an unexpected shape');
  // satori names its clip paths alike in every call; blocks share one document, so each gets its own names.
  const prefix = 'b' + createHash('sha1').update(svg).digest('hex').slice(0, 10);
  const content = match[3]!.replaceAll('satori_', `${prefix}_`).replace(/font-family="([^"]*)"/g, (_, family: string) => `font-family="${canonicalFamily(family)}"`);
  return { svg: content, width: Number(match[1]), height: Number(match[2]) };
}

/** satori writes family names lower-cased; resvg matches them case-sensitively. */
function canonicalFamily(family: string): string {
  return FONT_FACES.find((f) => f.family.toLowerCase() === family.toLowerCase())?.family ?? family;
}
