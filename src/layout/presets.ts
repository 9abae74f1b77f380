import { TimelineError } from '../errors.ts';
import { coverScene, layoutTimeline, pagedScenes, readingOrder, tallScene, timelineSpan, type LayoutOptions, type Scene } from './scene.ts';
import type { Timeline } from '../model/types.ts';

import type { PresetName } from '../model/formats.ts';
export type { PresetName } from '../model/formats.ts';

/** One image of a preset: its scene, the device pixels per layout pixel, the file suffix. */
export interface PresetImage {
  suffix: string;
  scene: Scene;
  zoom: number;
  /** Alt-text lines beyond the title and dek: the span, the place in a series. */
  context: string[];
  /** A long carousel or reel is posted as a series: the part this image opens or belongs to (from 1), of `count`. */
  part?: { index: number; count: number };
}

export interface PresetOptions extends LayoutOptions {
  /** Device pixels per layout pixel of the tall image. */
  scale: number;
  /** Most slides a carousel may have: Instagram has allowed 20 since 2024. */
  maxSlides: number;
  /** Most frames one reel may show within its 60 s; a longer reel is made in parts. By default, no limit. */
  maxReelFrames?: number;
  /** Told when slides must be set smaller than a phone reads easily. */
  onWarning?: (message: string) => void;
}

/** The tall image is laid out 1080 px wide; social frames at two thirds of their pixel size and drawn at 1.5x, so text is large on a phone. */
const TALL_WIDTH = 1080;
const TALL_PADDING = 60;
const SOCIAL_ZOOM = 1.5;
/** A slide's margin in device pixels. */
const SLIDE_MARGIN = 66;
/** A story's top and bottom 250 px are under the platform's own buttons. */
const STORY_SAFE = 250;
/**
 * Body type on a slide, in pixels of its 1080 px frame: about 11 pt at arm's length on a phone
 * 6 cm wide. Dates, labels and headings keep their ratio to the body.
 */
const PHONE_BODY = 40;

/** Device pixels per layout pixel of a slide: the body drawn at least PHONE_BODY tall. */
const slideZoom = (options: LayoutOptions) => Math.max(SOCIAL_ZOOM, PHONE_BODY / options.theme.sizes.body);

function spanLine(timeline: Timeline, options: LayoutOptions): string {
  const { span } = timelineSpan(timeline, readingOrder(timeline, options.keepOrder));
  return `${timeline.events.length} events, ${span}.`;
}

async function tall(timeline: Timeline, options: PresetOptions): Promise<PresetImage[]> {
  const layout = await layoutTimeline(timeline, TALL_WIDTH, TALL_PADDING, options);
  return [{ suffix: '.png', scene: tallScene(layout), zoom: options.scale, context: [] }];
}

async function card(
  timeline: Timeline,
  options: PresetOptions,
  name: 'og' | 'x',
  width: number,
  height: number,
  zoom: number,
): Promise<PresetImage[]> {
  const scene = await coverScene(timeline, { width: width / zoom, height: height / zoom, variant: 'card' }, options);
  return [{ suffix: `.${name}.png`, scene, zoom, context: [spanLine(timeline, options)] }];
}

/** Type sizes tried for a set of slides, over the phone's minimum: the largest that fills the slides best. */
const TYPE_STEPS = [1, 1.12, 1.25];
/** A gap under this many device pixels is the design's own spacing between blocks; a longer one is empty frame. */
const EMPTY_RUN = 80;

/**
 * The share of a scene's safe area (between `top` and `bottom`, layout pixels) that holds content:
 * the rows its blocks cover, with the spacing between blocks counted in and longer empty runs not.
 */
export function contentShare(scene: Scene, top: number, bottom: number, gap: number): number {
  const spans = scene.layers
    .flatMap((l) => (l.height === undefined ? [] : [[Math.max(top, l.y), Math.min(bottom, l.y + l.height)] as const]))
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let end = -Infinity;
  for (const [from, to] of spans) {
    const start = from - end < gap ? end : from;
    covered += Math.max(0, to - Math.max(start, end));
    end = Math.max(end, to);
  }
  return covered / (bottom - top);
}

/** Smaller sizes tried in turn when a card is too long for a slide at the phone's size: it is set smaller, never left out. */
const SHRINK_STEPS = [0.9, 0.8, 0.7, 0.6];

interface Fit {
  zoom: number;
  pages: Scene[];
  /** The content share of the emptiest slide but the last. */
  share: number;
}

/** The event slides at one size, or the input's error when a card is too long for a slide at it. */
async function fitAt(
  timeline: Timeline,
  options: PresetOptions,
  height: number,
  safe: number,
  zoom: number,
  perPart: number,
): Promise<Fit | TimelineError> {
  const [width, frameHeight, padding] = [1080 / zoom, height / zoom, SLIDE_MARGIN / zoom];
  const layout = await layoutTimeline(timeline, width, padding, { ...options, mode: 'single' });
  const margin = safe / zoom + padding;
  const pages = await pagedScenes(layout, {
    height: frameHeight,
    top: margin,
    bottom: margin,
    headerFirst: false,
    lead: 1,
    label: (page, total) => partLabel(page, total, perPart),
    balance: true,
  }).catch((error: unknown) => {
    if (error instanceof TimelineError && error.kind === 'input') return error;
    throw error;
  });
  if (pages instanceof TimelineError) return pages;
  const judged = pages.length > 1 ? pages.slice(0, -1) : pages;
  return { zoom, pages, share: Math.min(...judged.map((page) => contentShare(page, margin, frameHeight - margin, EMPTY_RUN / zoom))) };
}

/**
 * The event slides at the phone's type size, and larger while that fills the slides better
 * (a timeline of long cards, one to a slide, leaves half of each empty at the smallest size),
 * within the slide limit; judged by the emptiest slide but the last. A card too long for a
 * slide at the phone's size sets the slides smaller, with a warning.
 */
async function fittedPages(
  timeline: Timeline,
  options: PresetOptions,
  height: number,
  safe: number,
  limit: number,
  perPart: number,
): Promise<Fit> {
  const base = slideZoom(options);
  const fit = (step: number) => fitAt(timeline, options, height, safe, base * step, perPart);
  let best = await fit(1);
  if (best instanceof TimelineError) return shrunk(best, options, height, fit);
  for (const step of TYPE_STEPS.slice(1)) {
    if (best.share >= 0.75) break;
    const larger = await fit(step);
    if (larger instanceof TimelineError || larger.pages.length + 1 > limit) break;
    // A larger size must earn its extra slides: a clearly fuller emptiest slide.
    if (larger.share > best.share + 0.05) best = larger;
  }
  return best;
}

/** The largest smaller size at which every card fits, said in one warning; the input's error when none does. */
async function shrunk(
  error: TimelineError,
  options: PresetOptions,
  height: number,
  fit: (step: number) => Promise<Fit | TimelineError>,
): Promise<Fit> {
  const event = error.message.match(/events\[\d+\]/)?.[0] ?? 'An event';
  for (const step of SHRINK_STEPS) {
    const smaller = await fit(step);
    if (smaller instanceof TimelineError) continue;
    options.onWarning?.(
      `warning: ${event} is too long for a 1080 x ${height} slide with ${PHONE_BODY} px type; those slides are set with ${Math.round(PHONE_BODY * step)} px type instead, small on a phone. Shorten it for larger type.`,
    );
    return smaller;
  }
  throw error;
}

/**
 * How many event slides each part of a series holds: as few parts as keep each within
 * `perPart`, their sizes balanced (the first parts take one more when they cannot be equal).
 */
function partSizes(pages: number, perPart: number): number[] {
  const parts = Math.max(1, Math.ceil(pages / perPart));
  return Array.from({ length: parts }, (_, i) => Math.floor(pages / parts) + (i < pages % parts ? 1 : 0));
}

/** Where event slide `page` (from 1) stands in its part: the part (from 1), and its slide number there with the part's cover counted first. */
function placeInParts(page: number, sizes: readonly number[]): { part: number; slide: number } {
  let before = 0;
  for (const [i, size] of sizes.entries()) {
    if (page <= before + size) return { part: i + 1, slide: page - before + 1 };
    before += size;
  }
  return { part: sizes.length, slide: page - before + 1 };
}

/** The running head's "3/18" of a slide: counted within its part, each part opening with its own cover. */
function partLabel(page: number, total: number, perPart: number): string {
  if (page <= 1) return `${page}/${total}`;
  const sizes = partSizes(total - 1, perPart);
  const { part, slide } = placeInParts(page - 1, sizes);
  return `${slide}/${sizes[part - 1]! + 1}`;
}

/** Slide sets: an Instagram carousel, story frames, a LinkedIn document's pages, a reel's frames. */
type SlideSet = 'instagram' | 'story' | 'linkedin' | 'reel';

/** LinkedIn takes a document of at most 300 pages. */
const LINKEDIN_MAX_PAGES = 300;

/** Most images, cover included, one post of a set may have: more are posted as a series (instagram, reel). */
function postLimit(name: SlideSet, options: PresetOptions): number {
  if (name === 'instagram') return options.maxSlides;
  if (name === 'reel') return options.maxReelFrames ?? Infinity;
  return name === 'linkedin' ? LINKEDIN_MAX_PAGES : Infinity;
}

/**
 * Most posts a series may take: past three, a series floods a follower's feed, and the tall
 * image and LinkedIn's document carry the timeline better.
 */
const SERIES_MAX_PARTS = 3;

/** "2 carousels of 19", "2 carousels of 20 and 19": the sizes of a series, covers counted. */
function seriesSizes(sizes: readonly number[], what: string): string {
  const slides = sizes.map((size) => size + 1);
  const same = slides.every((n) => n === slides[0]);
  return `${slides.length} ${what} of ${same ? slides[0] : `${slides.slice(0, -1).join(', ')} and ${slides.at(-1)}`}`;
}

/**
 * A cover slide, then the events flowing slide after slide; numbered "3/7". A carousel over
 * `maxSlides` (a reel over `maxReelFrames`) is made as a series of as few parts as fit, each
 * opening with the cover marked "Part 1 of 2"; events are never cut between parts.
 * `safe`: device pixels kept free at top and bottom.
 */
async function slides(
  timeline: Timeline,
  options: PresetOptions,
  name: SlideSet,
  height: number,
  safe: number,
  hint?: string,
): Promise<PresetImage[]> {
  // The type size is chosen within one post's limit, as it was before series: a series never buys larger type.
  const limit = postLimit(name, options);
  const fitLimit = name === 'reel' ? Infinity : limit;
  const perPart = name === 'instagram' || name === 'reel' ? Math.max(1, limit - 1) : Infinity;
  const { zoom, pages } = await fittedPages(timeline, options, height, safe, fitLimit, perPart);
  const [width, frameHeight] = [1080 / zoom, height / zoom];
  const series = partSizes(pages.length, perPart);
  // A reel too long even as a series is one part here: the video's planner refuses it, saying how long it would run.
  const sizes = series.length <= SERIES_MAX_PARTS ? series : [pages.length];
  const total = pages.length + 1;
  if (name === 'instagram' && sizes.some((size) => size + 1 > limit)) {
    const needed = Math.ceil(pages.length / SERIES_MAX_PARTS) + 1;
    throw new TimelineError(
      `The Instagram carousel needs ${total} slides, over the limit of ${options.maxSlides} (Instagram allows 20) even as a series of ${SERIES_MAX_PARTS} posts. Raise it with --max-slides ${needed}, or cut events.`,
    );
  }
  if (name === 'linkedin' && total > LINKEDIN_MAX_PAGES) {
    throw new TimelineError(`The LinkedIn document needs ${total} pages, over LinkedIn's limit of ${LINKEDIN_MAX_PAGES}. Cut events.`);
  }
  if (name === 'instagram' && sizes.length > 1) {
    options.onWarning?.(
      `warning: The Instagram carousel needs ${total} slides: written as ${seriesSizes(sizes, 'carousels')} (at most ${limit} slides a post), each opening with its cover marked "Part 1 of ${sizes.length}" and so on.`,
    );
  }
  const images: PresetImage[] = [];
  let first = 0;
  for (const [i, size] of sizes.entries()) {
    const part = sizes.length > 1 ? { index: i + 1, count: sizes.length } : undefined;
    const partPages = pages.slice(first, first + size);
    first += size;
    const cover = await coverScene(
      timeline,
      {
        width,
        height: frameHeight,
        safeTop: safe / zoom,
        safeBottom: safe / zoom,
        variant: 'slide',
        label: `${part ? `Part ${part.index} of ${part.count} · ` : ''}1/${size + 1}`,
        ...(hint ? { hint } : {}),
      },
      options,
    );
    images.push(...partImages(timeline, options, name, [cover, ...partPages], zoom, part));
  }
  return images;
}

/** One part's images (all of them when there is one part): named `.instagram-07.png`, or `.instagram-2-07.png` in a series. */
function partImages(
  timeline: Timeline,
  options: PresetOptions,
  name: SlideSet,
  scenes: readonly Scene[],
  zoom: number,
  part: PresetImage['part'],
): PresetImage[] {
  const number = (i: number) => String(i + 1).padStart(2, '0');
  const kind = name === 'story' || name === 'reel' ? 'Frame' : name === 'linkedin' ? 'Page' : 'Slide';
  return scenes.map((scene, i) => ({
    suffix: `.${name}-${part ? `${part.index}-` : ''}${number(i)}.png`,
    scene,
    zoom,
    context: [
      `${kind} ${i + 1} of ${scenes.length}${part ? `, part ${part.index} of ${part.count}` : ''}.`,
      ...(i === 0 ? [spanLine(timeline, options)] : []),
    ],
    ...(part ? { part } : {}),
  }));
}

/** The images a preset makes, as scenes ready to draw. */
export function presetImages(preset: PresetName, timeline: Timeline, options: PresetOptions): Promise<PresetImage[]> {
  switch (preset) {
    case 'tall':
      return tall(timeline, options);
    case 'og':
      return card(timeline, options, 'og', 1200, 630, SOCIAL_ZOOM);
    case 'x':
      return card(timeline, options, 'x', 1600, 900, 2);
    case 'instagram':
      return slides(timeline, options, 'instagram', 1350, 0, 'Swipe for the timeline ›');
    case 'story':
      return slides(timeline, options, 'story', 1920, STORY_SAFE, 'Tap for the timeline ›');
    // A document's pages as an Instagram carousel's slides; a video's frames as a story's, with no tap to ask for.
    case 'linkedin':
      return slides(timeline, options, 'linkedin', 1350, 0, 'Swipe for the timeline ›');
    case 'reel':
      return slides(timeline, options, 'reel', 1920, STORY_SAFE);
  }
}
