import { TimelineError } from '../errors.ts';
import { coverScene, layoutTimeline, pagedScenes, readingOrder, tallScene, timelineSpan, type LayoutOptions, type Scene } from '../layout/scene.ts';
import type { Timeline } from '../model/types.ts';

import type { PresetName } from './formats.ts';
export type { PresetName } from './formats.ts';

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
}

/** The tall image is laid out 1080 px wide; social frames at two thirds of their pixel size and drawn at 1.5x, so text is large on a phone. */
const TALL_WIDTH = 1080;
const TALL_PADDING = 60;
const SOCIAL_ZOOM = 1.5;
const SLIDE_PADDING = 44;
/** A story's top and bottom 250 px are under the platform's own buttons. */
const STORY_SAFE = 250 / SOCIAL_ZOOM;

function spanLine(timeline: Timeline, options: LayoutOptions): string {
  const { span } = timelineSpan(timeline, readingOrder(timeline, options.keepOrder));
  return `${timeline.events.length} events, ${span}.`;
}

async function tall(timeline: Timeline, options: PresetOptions): Promise<PresetImage[]> {
  const layout = await layoutTimeline(timeline, TALL_WIDTH, TALL_PADDING, options);
  return [{ suffix: '.png', scene: tallScene(layout), zoom: options.scale, context: [] }];
}

async function card(timeline: Timeline, options: PresetOptions, name: 'og' | 'x', width: number, height: number, zoom: number): Promise<PresetImage[]> {
  const scene = await coverScene(timeline, { width: width / zoom, height: height / zoom, variant: 'card' }, options);
  return [{ suffix: `.${name}.png`, scene, zoom, context: [spanLine(timeline, options)] }];
}

/** Slide sets: an Instagram carousel, story frames, a LinkedIn document's pages, a reel's frames. */
type SlideSet = 'instagram' | 'story' | 'linkedin' | 'reel';

/** LinkedIn takes a document of at most 300 pages. */
const LINKEDIN_MAX_PAGES = 300;

/** A cover slide, then the events flowing slide after slide; numbered "3/7"; at most `maxSlides`. */
async function slides(timeline: Timeline, options: PresetOptions, name: SlideSet, height: number, safe: number, hint?: string): Promise<PresetImage[]> {
  const width = 1080 / SOCIAL_ZOOM;
  const frameHeight = height / SOCIAL_ZOOM;
  const layout = await layoutTimeline(timeline, width, SLIDE_PADDING, { ...options, mode: 'single' });
  const pages = await pagedScenes(layout, {
    height: frameHeight, top: safe + SLIDE_PADDING, bottom: safe + SLIDE_PADDING, headerFirst: false, lead: 1,
    label: (page, total) => `${page}/${total}`, balance: true,
  });
  const total = pages.length + 1;
  if (name === 'instagram' && total > options.maxSlides) {
    throw new TimelineError(`The Instagram carousel needs ${total} slides, over the limit of ${options.maxSlides} (Instagram allows 20). Raise it with --max-slides ${total}, or cut events.`);
  }
  if (name === 'linkedin' && total > LINKEDIN_MAX_PAGES) {
    throw new TimelineError(`The LinkedIn document needs ${total} pages, over LinkedIn's limit of ${LINKEDIN_MAX_PAGES}. Cut events.`);
  }
  const cover = await coverScene(timeline, { width, height: frameHeight, safeTop: safe, safeBottom: safe, variant: 'slide', label: `1/${total}`, ...(hint ? { hint } : {}) }, options);
  const number = (i: number) => String(i + 1).padStart(2, '0');
  return [cover, ...pages].map((scene, i) => ({
    suffix: `.${name}-${number(i)}.png`,
    scene,
    zoom: SOCIAL_ZOOM,
    context: [`${name === 'story' || name === 'reel' ? 'Frame' : name === 'linkedin' ? 'Page' : 'Slide'} ${i + 1} of ${total}.`, ...(i === 0 ? [spanLine(timeline, options)] : [])],
  }));
}

/** The images a preset makes, as scenes ready to draw. */
export function presetImages(preset: PresetName, timeline: Timeline, options: PresetOptions): Promise<PresetImage[]> {
  switch (preset) {
    case 'tall': return tall(timeline, options);
    case 'og': return card(timeline, options, 'og', 1200, 630, SOCIAL_ZOOM);
    case 'x': return card(timeline, options, 'x', 1600, 900, 2);
    case 'instagram': return slides(timeline, options, 'instagram', 1350, 0, 'Swipe for the timeline ›');
    case 'story': return slides(timeline, options, 'story', 1920, STORY_SAFE, 'Tap for the timeline ›');
    // A document's pages as an Instagram carousel's slides; a video's frames as a story's, with no tap to ask for.
    case 'linkedin': return slides(timeline, options, 'linkedin', 1350, 0, 'Swipe for the timeline ›');
    case 'reel': return slides(timeline, options, 'reel', 1920, STORY_SAFE);
  }
}
