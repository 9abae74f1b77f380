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
}

export interface PresetOptions extends LayoutOptions {
  /** Device pixels per layout pixel of the tall image. */
  scale: number;
  /** Most slides a carousel may have: Instagram has allowed 20 since 2024. */
  maxSlides: number;
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
async function fitAt(timeline: Timeline, options: PresetOptions, height: number, safe: number, zoom: number): Promise<Fit | TimelineError> {
  const [width, frameHeight, padding] = [1080 / zoom, height / zoom, SLIDE_MARGIN / zoom];
  const layout = await layoutTimeline(timeline, width, padding, { ...options, mode: 'single' });
  const margin = safe / zoom + padding;
  const pages = await pagedScenes(layout, {
    height: frameHeight,
    top: margin,
    bottom: margin,
    headerFirst: false,
    lead: 1,
    label: (page, total) => `${page}/${total}`,
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
async function fittedPages(timeline: Timeline, options: PresetOptions, height: number, safe: number, limit: number): Promise<Fit> {
  const base = slideZoom(options);
  const fit = (step: number) => fitAt(timeline, options, height, safe, base * step);
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

/** Slide sets: an Instagram carousel, story frames, a LinkedIn document's pages, a reel's frames. */
type SlideSet = 'instagram' | 'story' | 'linkedin' | 'reel';

/** LinkedIn takes a document of at most 300 pages. */
const LINKEDIN_MAX_PAGES = 300;

/** A cover slide, then the events flowing slide after slide; numbered "3/7"; at most `maxSlides`. `safe`: device pixels kept free at top and bottom. */
async function slides(
  timeline: Timeline,
  options: PresetOptions,
  name: SlideSet,
  height: number,
  safe: number,
  hint?: string,
): Promise<PresetImage[]> {
  const limit = name === 'instagram' ? options.maxSlides : name === 'linkedin' ? LINKEDIN_MAX_PAGES : Infinity;
  const { zoom, pages } = await fittedPages(timeline, options, height, safe, limit);
  const [width, frameHeight] = [1080 / zoom, height / zoom];
  const total = pages.length + 1;
  if (name === 'instagram' && total > options.maxSlides) {
    throw new TimelineError(
      `The Instagram carousel needs ${total} slides, over the limit of ${options.maxSlides} (Instagram allows 20). Raise it with --max-slides ${total}, or cut events.`,
    );
  }
  if (name === 'linkedin' && total > LINKEDIN_MAX_PAGES) {
    throw new TimelineError(`The LinkedIn document needs ${total} pages, over LinkedIn's limit of ${LINKEDIN_MAX_PAGES}. Cut events.`);
  }
  const cover = await coverScene(
    timeline,
    {
      width,
      height: frameHeight,
      safeTop: safe / zoom,
      safeBottom: safe / zoom,
      variant: 'slide',
      label: `1/${total}`,
      ...(hint ? { hint } : {}),
    },
    options,
  );
  const number = (i: number) => String(i + 1).padStart(2, '0');
  return [cover, ...pages].map((scene, i) => ({
    suffix: `.${name}-${number(i)}.png`,
    scene,
    zoom,
    context: [
      `${name === 'story' || name === 'reel' ? 'Frame' : name === 'linkedin' ? 'Page' : 'Slide'} ${i + 1} of ${total}.`,
      ...(i === 0 ? [spanLine(timeline, options)] : []),
    ],
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
