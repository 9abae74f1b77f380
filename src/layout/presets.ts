import { TimelineError } from '../errors.ts';
import {
  coverScene,
  footerTop,
  layoutTimeline,
  readingOrder,
  slidePage,
  slideRoom,
  slideScenes,
  tallScene,
  timelineSpan,
  type LayoutOptions,
  type Scene,
  type SlideFrame,
  type SlideRun,
  type TimelineLayout,
} from './scene.ts';
import type { StackPage } from './stack.ts';
import type { Theme } from '../model/theme.ts';
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

/**
 * Type sizes a slide may be set at, as ratios of the phone's size: body 40, 44, 48, 52, 56 and
 * 60 px with the default theme. Each slide has its own, so a slide holding one short card between
 * two long ones is set larger instead of left half empty; a set keeps one size wherever that
 * fills its slides (see SIZE_CHANGE_COST).
 */
const TYPE_STEPS = [1, 1.1, 1.2, 1.3, 1.4, 1.5];
/** Neighbouring slides are set at most this many steps apart (12 px of body from 40 px): more reads as a jump when swiping. */
const MOST_STEPS_APART = 3;
/** Smaller sizes tried in turn for a card too long for a slide at the phone's size: its slide alone is set smaller, never cut. */
const SHRINK_STEPS = [0.9, 0.8, 0.7, 0.6];
/** A gap under this many device pixels is the design's own spacing between blocks; a longer one is empty frame. */
const EMPTY_RUN = 80;
/**
 * How full every slide but the last should be: two thirds of its safe area. Past it, fewer
 * slides count for more than fuller ones; under it, the emptiest slide is made as full as
 * the slide limit allows.
 */
const FILL_TARGET = 0.66;
/** Slides beyond the fewest the events need that may be spent to fill the emptiest one. */
const spareSlides = (fewest: number) => Math.max(2, Math.ceil(fewest / 4));
/**
 * What a change of type size between neighbouring slides weighs, per step squared, against how
 * empty slides are (the empty share squared, summed): one step costs as much as a slide 30%
 * empty, so sizes change only where a slide would be left emptier than that.
 */
const SIZE_CHANGE_COST = 0.1;

/**
 * The share of a frame's safe area (between `top` and `bottom`, layout pixels) that spans
 * cover: the rows they hold, with the spacing between blocks counted in and runs of empty
 * frame of `gap` or longer not.
 */
function coveredShare(blocks: readonly (readonly [number, number])[], top: number, bottom: number, gap: number): number {
  const spans = blocks
    .map(([from, to]) => [Math.max(top, from), Math.min(bottom, to)] as const)
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

/**
 * The share of a scene's safe area (between `top` and `bottom`, layout pixels) that holds content:
 * the rows its blocks cover, with the spacing between blocks counted in and longer empty runs not.
 */
export function contentShare(scene: Scene, top: number, bottom: number, gap: number): number {
  const blocks = scene.layers.flatMap((l) => (l.height === undefined ? [] : [[l.y, l.y + l.height] as const]));
  return coveredShare(blocks, top, bottom, gap);
}

/** The theme with its type sizes scaled: the same slide, larger or smaller type. */
function scaledTheme(theme: Theme, scale: number): Theme {
  if (scale === 1) return theme;
  const sizes = Object.fromEntries(Object.entries(theme.sizes).map(([key, size]) => [key, size * scale])) as Theme['sizes'];
  return { ...theme, sizes };
}

/** A candidate slide: units `from` to `to` at type step `step` (an index of TYPE_STEPS, or -1 for a shrunk card's slide). */
interface Candidate {
  from: number;
  to: number;
  step: number;
  layout: TimelineLayout;
  /** Its content share as a slide before the last, and as the last (undefined when the footer does not fit under it). */
  share: number;
  lastShare: number | undefined;
}

const SHRUNK = -1;

/** Neighbouring slides are set MOST_STEPS_APART steps apart at most; a shrunk card's slide stands apart. */
const neighbours = (a: number, b: number) => a === SHRUNK || b === SHRUNK || Math.abs(a - b) <= MOST_STEPS_APART;

/**
 * The breaks between slides and each slide's type size, chosen over the whole timeline at once
 * (`candidates[i]`: the slides that may open at unit i), every slide but the last at least
 * `floor` full (counted up to FILL_TARGET): the fewest slides, then the least cost of empty
 * space and of changes of size (SIZE_CHANGE_COST). Null when no run of slides reaches `floor`.
 */
function planSlides(candidates: readonly Candidate[][], n: number, floor: number): Candidate[] | null {
  const steps = TYPE_STEPS.length + 1;
  // A state: the first i units set, the last of them at `step`: i * steps + step + 1 (SHRUNK is -1); -1 is the start.
  type Value = { pages: number; cost: number; run?: Candidate; from?: number };
  const better = (a: Value, b: Value | undefined) => !b || a.pages < b.pages || (a.pages === b.pages && a.cost < b.cost - 1e-12);
  const values = new Map<number, Value>([[-1, { pages: 0, cost: 0 }]]);
  let end: Value | undefined;
  for (let state = -1; state < n * steps; state++) {
    const value = values.get(state);
    if (!value) continue;
    const i = state < 0 ? 0 : Math.floor(state / steps);
    const previous = state < 0 ? undefined : (state % steps) - 1;
    for (const c of candidates[i] ?? []) {
      if (previous !== undefined && !neighbours(previous, c.step)) continue;
      const change = previous !== undefined && previous !== SHRUNK && c.step !== SHRUNK ? SIZE_CHANGE_COST * (previous - c.step) ** 2 : 0;
      if (c.to === n) {
        if (c.lastShare === undefined) continue;
        const v = { pages: value.pages + 1, cost: value.cost + change + (1 - c.lastShare) ** 2, run: c, from: state };
        if (better(v, end)) end = v;
        continue;
      }
      if (Math.min(c.share, FILL_TARGET) < floor) continue;
      const v = { pages: value.pages + 1, cost: value.cost + change + (1 - c.share) ** 2, run: c, from: state };
      const to = c.to * steps + c.step + 1;
      if (better(v, values.get(to))) values.set(to, v);
    }
  }
  if (!end) return null;
  const runs: Candidate[] = [];
  for (let value: Value | undefined = end; value?.run; value = values.get(value.from!)) runs.unshift(value.run);
  return runs;
}

/**
 * The slides with the fullest emptiest slide but the last (counted up to FILL_TARGET) that
 * `maxPages(fewest)` slides allow, `fewest` being the fewest slides the events need at all: the
 * highest floor at which planSlides stays within the limit, found by halving (a higher floor
 * never needs fewer slides).
 */
function bestPlan(candidates: readonly Candidate[][], n: number, maxPages: (fewest: number) => number): Candidate[] {
  const fewest = planSlides(candidates, n, 0)!;
  const most = maxPages(fewest.length);
  const floors = [...new Set(candidates.flat().map((c) => Math.min(c.share, FILL_TARGET)))].sort((a, b) => a - b);
  let [low, high, best] = [0, floors.length - 1, fewest];
  while (low <= high) {
    const middle = (low + high) >> 1;
    const plan = planSlides(candidates, n, floors[middle]!);
    if (plan && plan.length <= most) [best, low] = [plan, middle + 1];
    else high = middle - 1;
  }
  return best;
}

/** The event slides, their runs of events and type sizes chosen by planSlides; a card too long at the phone's size is set smaller on its slide alone, with a warning. */
async function fittedPages(
  timeline: Timeline,
  options: PresetOptions,
  height: number,
  safe: number,
  maxPages: (fewest: number) => number,
  perPart: number,
): Promise<Scene[]> {
  const zoom = slideZoom(options);
  const [width, frameHeight, padding] = [1080 / zoom, height / zoom, SLIDE_MARGIN / zoom];
  const layoutAt = (scale: number) =>
    layoutTimeline(timeline, width, padding, { ...options, theme: scaledTheme(options.theme, scale), mode: 'single' });
  const base = await layoutAt(1);
  const margin = safe / zoom + padding;
  const frame: SlideFrame = {
    height: frameHeight,
    top: margin,
    bottom: margin,
    lead: 1,
    label: (page, total) => partLabel(page, total, perPart),
  };
  const room = await slideRoom(base, frame);
  const gap = EMPTY_RUN / zoom;
  const shareOf = (page: StackPage, last: boolean) =>
    coveredShare(
      [
        [room.headTop, room.headTop + room.headHeight],
        ...page.placed.map((p) => [p.y, p.y + p.item.block.height] as const),
        ...(last && base.footer ? [[footerTop(page), footerTop(page) + base.footer.height] as const] : []),
      ],
      room.headTop,
      room.limit,
      gap,
    );
  const n = base.units.length;
  const candidate = (from: number, to: number, step: number, layout: TimelineLayout): Candidate | undefined => {
    const page = slidePage({ from, to, layout }, room, false);
    if (!page) return undefined;
    const lastPage = to === n ? slidePage({ from, to, layout }, room, true) : undefined;
    return { from, to, step, layout, share: shareOf(page, false), lastShare: lastPage && shareOf(lastPage, true) };
  };
  const shrunk = new Map<number, Candidate>();
  // Every run of units that fits a slide at each of these sizes; a card that fits at none, shrunk.
  const candidatesAt = async (layouts: readonly TimelineLayout[]) => {
    const candidates: Candidate[][] = Array.from({ length: n + 1 }, () => []);
    for (let i = 0; i < n; i++) {
      for (const [step, layout] of layouts.entries()) {
        for (let j = i + 1; j <= n; j++) {
          const c = candidate(i, j, step, layout);
          if (!c) break;
          candidates[i]!.push(c);
        }
      }
      if (candidates[i]!.length > 0) continue;
      if (!shrunk.has(i)) shrunk.set(i, await shrunkCandidate(options, height, base, i, layoutAt, candidate));
      candidates[i]!.push(shrunk.get(i)!);
    }
    return candidates;
  };
  // The phone's size alone first: the larger ones are laid out only when some slide is left emptier than FILL_TARGET.
  let candidates = await candidatesAt([base]);
  // The footer goes on a slide of its own when it fits under no last run of cards.
  const footerAlone = !candidates.some((list) => list.some((c) => c.to === n && c.lastShare !== undefined));
  const withFooter = (list: Candidate[][]) => {
    if (footerAlone) for (const c of list.flat()) if (c.to === n) c.lastShare = c.share;
    return list;
  };
  let plan = bestPlan(withFooter(candidates), n, maxPages);
  if (plan.slice(0, -1).some((run) => run.share < FILL_TARGET)) {
    candidates = await candidatesAt([base, ...(await Promise.all(TYPE_STEPS.slice(1).map(layoutAt)))]);
    plan = bestPlan(withFooter(candidates), n, maxPages);
  }
  const runs: SlideRun[] = plan.map(({ from, to, layout }) => ({ from, to, layout }));
  if (footerAlone) runs.push({ from: n, to: n, layout: base });
  return slideScenes(base, runs, frame);
}

/**
 * The slide of an event too long for a slide at the phone's size: the largest smaller size at
 * which it fits alone, said in a warning; the input's error when none does.
 */
async function shrunkCandidate(
  options: PresetOptions,
  height: number,
  base: TimelineLayout,
  unit: number,
  layoutAt: (scale: number) => Promise<TimelineLayout>,
  candidate: (from: number, to: number, step: number, layout: TimelineLayout) => Candidate | undefined,
): Promise<Candidate> {
  const eventIndex = base.units[unit]!.items.find((item) => item.kind === 'card')?.eventIndex ?? '?';
  const body = Math.round(options.theme.sizes.body * slideZoom(options));
  for (const scale of SHRINK_STEPS) {
    const fitted = candidate(unit, unit + 1, SHRUNK, await layoutAt(scale));
    if (!fitted) continue;
    options.onWarning?.(
      `warning: events[${eventIndex}] is too long for a 1080 x ${height} slide with ${body} px type; its slide is set with ${Math.round(body * scale)} px type instead, small on a phone. Shorten it for larger type.`,
    );
    return fitted;
  }
  throw new TimelineError(`Event events[${eventIndex}] is too long to fit on one page. Shorten its text or choose a taller page.`);
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
  const limit = postLimit(name, options);
  const perPart = name === 'instagram' || name === 'reel' ? Math.max(1, limit - 1) : Infinity;
  // Slides spent on fuller slides never make a series, or a longer one, or pass LinkedIn's limit: a series never buys larger type.
  const maxPages = (fewest: number) => {
    const posts = Number.isFinite(perPart) ? Math.max(1, Math.ceil(fewest / perPart)) * perPart : LINKEDIN_MAX_PAGES - 1;
    return Math.max(fewest, Math.min(fewest + spareSlides(fewest), posts));
  };
  const pages = await fittedPages(timeline, options, height, safe, maxPages, perPart);
  const zoom = slideZoom(options);
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
