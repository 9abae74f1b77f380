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

/**
 * Lays out one element at a fixed width; its height follows the content unless given. Text stays as
 * positioned `<text>` words (embedFont: false) so the PDF can carry real text.
 */
export async function layoutBlock(element: JSXNode, width: number, height?: number): Promise<Block> {
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
