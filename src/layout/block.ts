import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { JSXNode } from 'satori/jsx';
import { FONT_FACES, loadSatoriFonts } from '../fonts/index.ts';
import { DiskStore, type LayoutCacheSettings } from './cache/disk-store.ts';
import { SizeBoundedCache } from './size-bounded-cache.ts';

/** A piece of the timeline laid out once by satori: SVG content in its own coordinates, and its size. */
export interface Block {
  svg: string;
  width: number;
  height: number;
}

const ROOT = /^<svg width="([\d.]+)" height="([\d.]+)"[^>]*>([\s\S]*)<\/svg>$/;

/**
 * Most characters of block SVG kept in each thread: the seed's every cut and its PDF lay out
 * 0.85 M, so a preview server's files stay warm. A count of 4,000 blocks let a server that drew
 * 3,000 different og cards grow by 800 MB before it levelled off.
 */
const CACHE_CHARS = 16 * 1024 * 1024;

/** Blocks laid out before in this process, by what went in: a card's layout depends only on its element and size. */
const cache = new SizeBoundedCache<Promise<Block>>(CACHE_CHARS);

let layoutInputs: string | undefined;

/**
 * What decides a layout besides the element: satori's version, the fonts' bytes and the code
 * that makes a block of satori's SVG (its source: an edit of it never reads older blocks). The
 * template needs no hash of its own: the element is what it made.
 */
function layoutInputsHash(): string {
  if (layoutInputs === undefined) {
    const { version } = createRequire(import.meta.url)('satori/package.json') as { version: string };
    const hash = createHash('sha256').update(`satori ${version}\n${String(layoutWithSatori)}\n${String(canonicalFamily)}\n`);
    for (const font of loadSatoriFonts()) hash.update(`${font.name} ${font.weight} ${font.style}`).update(font.data);
    layoutInputs = hash.digest('base64url');
  }
  return layoutInputs;
}

interface ComponentNode {
  type: (props: unknown) => unknown;
  props: unknown;
}

const isComponentNode = (value: unknown): value is ComponentNode =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'function';

/**
 * What satori is given, as data: a component (a function in the tree) stands for what it
 * returns, as satori calls it. Its source would not do: a component that reads a constant of its
 * module, or a helper, returns other elements after an edit of them, with the same source.
 */
function layoutInput(_key: string, value: unknown): unknown {
  let node = value;
  while (isComponentNode(node)) node = node.type(node.props);
  if (typeof node === 'symbol') return String(node);
  return typeof node === 'function' ? String(node) : node;
}

const keyOf = (element: JSXNode, width: number, height: number | undefined): string =>
  createHash('sha256')
    .update(JSON.stringify([layoutInputsHash(), element, width, height ?? null], layoutInput))
    .digest('base64url');

let disk: DiskStore | undefined;
let diskSettings: string | undefined;

/**
 * Keeps layouts on disk for later processes as `settings` say, or not (undefined); returns the
 * store in use, whose warnings go into the report of the job that met them.
 */
export function useLayoutCache(settings: LayoutCacheSettings | undefined): DiskStore | undefined {
  const wanted = settings && JSON.stringify([settings.dir, settings.maxBytes]);
  if (wanted !== diskSettings) {
    disk = settings && new DiskStore(settings);
    diskSettings = wanted;
  }
  return disk;
}

/**
 * Lays out one element at a fixed width; its height follows the content unless given. Text stays as
 * positioned `<text>` words (embedFont: false) so the PDF can carry real text. A block laid out
 * before in this process comes from the cache: a preview server re-renders a saved file with
 * satori running only for the cards that changed.
 */
export function layoutBlock(element: JSXNode, width: number, height?: number): Promise<Block> {
  let key: string;
  try {
    key = keyOf(element, width, height);
  } catch (error) {
    // A component that throws fails the layout, as it would inside satori.
    return Promise.reject(error);
  }
  const cached = cache.get(key);
  if (cached) return cached;
  const block = layoutFromDiskOrSatori(key, element, width, height);
  // Counted by its SVG once laid out; a failed layout is not kept: the next render tries again.
  cache.set(key, block, 0);
  const current = () => cache.peek(key) === block;
  block.then(
    (laidOut) => {
      if (current()) cache.set(key, block, laidOut.svg.length);
    },
    () => {
      if (current()) cache.delete(key);
    },
  );
  return block;
}

/** A block stored by an earlier process, else laid out by satori and stored. */
async function layoutFromDiskOrSatori(key: string, element: JSXNode, width: number, height: number | undefined): Promise<Block> {
  const store = disk;
  const stored = store?.get(key);
  const block = stored === undefined ? undefined : parseBlock(stored);
  if (block) return block;
  const laidOut = await layoutWithSatori(element, width, height);
  store?.set(key, JSON.stringify(laidOut));
  return laidOut;
}

function parseBlock(text: string): Block | undefined {
  try {
    const { svg, width, height } = JSON.parse(text) as Partial<Block>;
    if (typeof svg === 'string' && typeof width === 'number' && typeof height === 'number') return { svg, width, height };
  } catch {
    // Checked and still not a block: laid out again, and the entry replaced.
  }
  return undefined;
}

let satoriModule: Promise<typeof import('satori')> | undefined;

async function layoutWithSatori(element: JSXNode, width: number, height: number | undefined): Promise<Block> {
  // Imported on the first miss only: with every block on disk, satori (and its WebAssembly) never loads.
  const { default: satori } = await (satoriModule ??= import('satori'));
  const size = height === undefined ? { width } : { width, height };
  const svg = await satori(element as Parameters<typeof satori>[0], { ...size, fonts: loadSatoriFonts(), embedFont: false });
  const match = svg.match(ROOT);
  if (!match) throw new Error('satori returned an SVG of an unexpected shape');
  // satori names its clip paths alike in every call; blocks share one document, so each gets its own names.
  const prefix = 'b' + createHash('sha1').update(svg).digest('hex').slice(0, 10);
  const content = match[3]!
    .replaceAll('satori_', `${prefix}_`)
    .replace(/font-family="([^"]*)"/g, (_, family: string) => `font-family="${canonicalFamily(family)}"`);
  return { svg: content, width: Number(match[1]), height: Number(match[2]) };
}

/** satori writes family names lower-cased; resvg matches them case-sensitively. */
function canonicalFamily(family: string): string {
  return FONT_FACES.find((f) => f.family.toLowerCase() === family.toLowerCase())?.family ?? family;
}
