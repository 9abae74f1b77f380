import { throwIfCancelled, type CancelSignal } from '../errors.ts';
import { namesActors } from '../model/actors.ts';
import { dateOrder, dayNumber, startYear, yearLabel } from '../model/dates.ts';
import type { Actor, ImageData, Media, Timeline, TimelineEvent } from '../model/types.ts';
import { layoutBlock, type Block } from './block.ts';
import { geometryFor, type Geometry, type LayoutMode } from './geometry.ts';
import { stackPages, type Side, type StackItem, type StackPage, type Unit } from './stack.ts';
import type { Picture, SpanMark, Template } from './template-types.ts';
import type { Theme } from '../model/theme.ts';

/** What a layer is to a reader: tagged content, or decoration that carries no meaning. */
export type LayerRole = 'decoration' | 'header' | 'running-head' | 'year' | 'event' | 'footer';

/** SVG content placed at x, y on a scene. */
export interface Layer {
  role: LayerRole;
  x: number;
  y: number;
  svg: string;
  /** How far down it reaches from y; unknown for decoration, which spans the scene. */
  height?: number;
  eventIndex?: number;
}

/**
 * The template part that drew a layer, as messages name it ("Card (events[3])"); undefined for
 * the spine, which is the scene's own. A year marker repeated atop a page is a running head.
 */
export function layerPart(layer: Layer): string | undefined {
  if (layer.role === 'event') return `Card (events[${layer.eventIndex ?? '?'}])`;
  const parts: Partial<Record<LayerRole, string>> = {
    header: 'Header',
    year: 'Year',
    'running-head': 'RunningHead or Year',
    footer: 'Footer',
  };
  return parts[layer.role];
}

/** One image or one page, in layout pixels: layers in reading order over a background. */
export interface Scene {
  width: number;
  height: number;
  background: string;
  layers: Layer[];
}

export interface LayoutOptions {
  template: Template;
  theme: Theme;
  /** Keep the source order instead of date order. */
  keepOrder?: boolean;
  /** single forces one column; otherwise two sides when the timeline has exactly two. */
  mode?: LayoutMode;
  /** The images the timeline names, read by the loader, by path as written. */
  images?: ReadonlyMap<string, ImageData>;
  /** Stops the layout between cards once set. */
  signal?: CancelSignal;
}

/** A media entry with its image, ready for a template. */
export function pictureFor(media: Media | undefined, images: ReadonlyMap<string, ImageData> | undefined): Picture | undefined {
  const image = media && images?.get(media.src);
  return image && media
    ? { ...image, ...(media.credit ? { credit: media.credit } : {}), ...(media.caption ? { caption: media.caption } : {}) }
    : undefined;
}

/** Every block of a timeline laid out for one width: the unit the tall image and the pages are cut from. */
export interface TimelineLayout {
  timeline: Timeline;
  geometry: Geometry;
  theme: Theme;
  template: Template;
  header: Block;
  footer?: Block;
  units: Unit[];
  /** Event indices in reading order. */
  order: number[];
}

/** Narrower than this (layout pixels), two columns of cards would be too narrow to read. */
const TWO_SIDED_MIN_WIDTH = 900;

/** Two sides when there are exactly two actors besides joint ones and room for two columns; otherwise one column. */
export function layoutModeFor(actors: readonly Actor[], width: number, wanted?: LayoutMode): LayoutMode {
  const twoSides = actors.filter((a) => !a.joint).length === 2;
  return wanted === 'single' || !twoSides || width < TWO_SIDED_MIN_WIDTH ? 'single' : 'two-sided';
}

/** Which side of the spine each actor's cards stand on: two sides left and right, joint actors across. */
export function actorSides(actors: readonly Actor[], mode: LayoutMode): Map<string, Side> {
  const sides = actors.filter((a) => !a.joint);
  const side = (a: Actor): Side => (mode === 'single' ? 'right' : a.joint ? 'center' : a === sides[0] ? 'left' : 'right');
  return new Map(actors.map((a) => [a.id, side(a)]));
}

export function readingOrder(timeline: Timeline, keepOrder?: boolean): number[] {
  return keepOrder ? timeline.events.map((_, i) => i) : dateOrder(timeline.events.map((e) => e.range));
}

async function layoutUnits(timeline: Timeline, g: Geometry, order: number[], options: LayoutOptions): Promise<Unit[]> {
  const { template, theme } = options;
  const sides = actorSides(timeline.actors, g.mode);
  const align = g.mode === 'single' ? 'start' : 'center';
  const years = new Map<number, Promise<StackItem>>();
  const yearItem = (year: number) => {
    if (!years.has(year)) {
      years.set(
        year,
        layoutBlock(template.Year({ year, align, theme }), g.contentWidth).then((block) => ({ kind: 'year', side: 'center', block })),
      );
    }
    return years.get(year)!;
  };
  const units: Unit[] = [];
  // One card after another, not all at once: a cancelled render stops within a card's time.
  for (const [position, eventIndex] of order.entries()) {
    throwIfCancelled(options.signal);
    const event = timeline.events[eventIndex]!;
    const actor = timeline.actors.find((a) => a.id === event.actor)!;
    const side = sides.get(actor.id)!;
    const width = side === 'center' ? g.centerWidth : g.sideWidth;
    const year = startYear(event.range);
    const previous = position > 0 ? timeline.events[order[position - 1]!]! : undefined;
    const opensYear = !previous || startYear(previous.range) !== year;
    const image = pictureFor(event.media, options.images);
    const card = template.Card({ event, actor, namesActor: namesActors(timeline.actors), width, side, theme, ...(image ? { image } : {}) });
    const [marker, block] = await Promise.all([yearItem(year), layoutBlock(card, width)]);
    const item: StackItem = { kind: 'card', side, block, eventIndex, color: actor.color };
    units.push({ items: opensYear ? [marker, item] : [item], continuation: marker });
  }
  return units;
}

/** Lays out every block of the timeline at the given width (layout pixels). */
export async function layoutTimeline(timeline: Timeline, width: number, padding: number, options: LayoutOptions): Promise<TimelineLayout> {
  const { template, theme } = options;
  const g = geometryFor(width, padding, theme, layoutModeFor(timeline.actors, width - 2 * padding, options.mode));
  const order = readingOrder(timeline, options.keepOrder);
  const [header, footer, units] = await Promise.all([
    layoutBlock(
      template.Header({
        title: timeline.title,
        dek: timeline.dek,
        photo: pictureFor(timeline.photo, options.images),
        actors: timeline.actors,
        width: g.contentWidth,
        theme,
      }),
      g.contentWidth,
    ),
    timeline.credit || timeline.source
      ? layoutBlock(template.Footer({ credit: timeline.credit, source: timeline.source, width: g.contentWidth, theme }), g.contentWidth)
      : undefined,
    layoutUnits(timeline, g, order, options),
  ]);
  return { timeline, geometry: g, theme, template, header, footer, units, order };
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/** The spine, and a marker joining each side card to it, for one page of the stack. */
function spineLayer(page: StackPage, layout: TimelineLayout): Layer {
  const { geometry: g, theme } = layout;
  if (page.placed.length === 0) return { role: 'decoration', x: 0, y: 0, svg: '' };
  const top = page.placed[0]!.y;
  const parts = [
    `<rect x="${fmt(g.spineX - 1.5)}" y="${fmt(top)}" width="3" height="${fmt(page.bottom - top)}" fill="${theme.colors.spine}"/>`,
  ];
  for (const { item, x, y } of page.placed) {
    if (item.kind !== 'card' || item.side === 'center') continue;
    const markerY = y + g.markerOffset;
    const edge = item.side === 'left' ? x + item.block.width : x;
    const from = Math.min(edge, g.spineX);
    parts.push(
      `<rect x="${fmt(from)}" y="${fmt(markerY - 1)}" width="${fmt(Math.abs(edge - g.spineX))}" height="2" fill="${item.color}"/>`,
    );
    parts.push(
      `<circle cx="${fmt(g.spineX)}" cy="${fmt(markerY)}" r="9" fill="${item.color}" stroke="${theme.colors.page}" stroke-width="4"/>`,
    );
  }
  return { role: 'decoration', x: 0, y: 0, svg: parts.join('') };
}

function stackLayers(page: StackPage): Layer[] {
  return page.placed.map(({ item, x, y }) => ({
    role: item.kind === 'card' ? 'event' : item.repeat ? 'running-head' : 'year',
    x,
    y,
    svg: item.block.svg,
    height: item.block.height,
    ...(item.eventIndex === undefined ? {} : { eventIndex: item.eventIndex }),
  }));
}

const HEADER_GAP = 56;
const FOOTER_GAP = 40;

/** The tall image: header, the whole stack, footer; its height follows the content. */
export function tallScene(layout: TimelineLayout): Scene {
  const { geometry: g, header, footer } = layout;
  const stackTop = g.padding + header.height + HEADER_GAP;
  const [page] = stackPages(layout.units, g, () => stackTop, Infinity);
  const layers: Layer[] = [
    spineLayer(page!, layout),
    { role: 'header', x: g.padding, y: g.padding, svg: header.svg, height: header.height },
    ...stackLayers(page!),
  ];
  let bottom = page!.bottom;
  if (footer) {
    layers.push({ role: 'footer', x: g.padding, y: bottom + FOOTER_GAP, svg: footer.svg, height: footer.height });
    bottom += FOOTER_GAP + footer.height;
  }
  return { width: g.width, height: Math.ceil(bottom + g.padding), background: layout.theme.colors.page, layers };
}

/** A fixed frame that events flow through, page after page: a PDF page, a carousel slide, a story frame. */
export interface Frame {
  height: number;
  /** Space kept free of text at the top and bottom: the margins, or a story's safe zones. */
  top: number;
  bottom: number;
  /** The first page opens with the header (print); otherwise every page has a running head. */
  headerFirst: boolean;
  /** Pages before the event pages (covers): they count in the page labels. */
  lead: number;
  /** The running head's label for page `page` (from 1) of `pages`. */
  label: (page: number, pages: number) => string;
}

/** Moves a page's stack down to the middle of the room it has, so a short slide looks composed rather than cut off. */
function centre(page: StackPage, limit: number): void {
  const shift = Math.max(0, (limit - page.bottom) / 2);
  for (const placed of page.placed) placed.y += shift;
  page.bottom += shift;
}

/** A run of units opening a page: the first one under its year's marker, repeated when it has none of its own. */
function underItsYear(units: Unit[]): Unit[] {
  const [first, ...rest] = units;
  if (!first || first.items[0]?.kind === 'year' || !first.continuation) return units;
  return [{ items: [{ ...first.continuation, repeat: true }, ...first.items] }, ...rest];
}

/** The running head of a frame's event page, laid out for its label. */
function runningHead(layout: TimelineLayout, label: string): Promise<Block> {
  const { geometry: g, template, theme, timeline } = layout;
  return layoutBlock(template.RunningHead({ title: timeline.title, label, width: g.contentWidth, theme }), g.contentWidth);
}

/**
 * Event pages of a fixed frame: the header or a running head on each, the footer under the
 * last card (or on a page of its own when it does not fit), cards never split; each page
 * filled in turn (print).
 */
export async function pagedScenes(layout: TimelineLayout, frame: Frame): Promise<Scene[]> {
  const { geometry: g, header, footer, theme } = layout;
  const sampleHead = await runningHead(layout, frame.label(1, 1));
  const opening = (page: number) => (page === 0 && frame.headerFirst ? header.height + HEADER_GAP : sampleHead.height + HEADER_GAP / 2);
  const top = (page: number) => frame.top + opening(page);
  const fullLimit = frame.height - frame.bottom;
  const footerRoom = footer ? FOOTER_GAP + footer.height : 0;
  const pages = stackPages(layout.units, g, top, fullLimit);
  const last = pages[pages.length - 1]!;
  if (footer !== undefined && last.bottom + footerRoom > fullLimit) {
    pages.push({ placed: [], bottom: top(pages.length) - HEADER_GAP / 2 });
  }
  const total = pages.length + frame.lead;
  return Promise.all(
    pages.map(async (page, i) => {
      const layers: Layer[] = [spineLayer(page, layout)];
      if (i === 0 && frame.headerFirst) layers.push({ role: 'header', x: g.padding, y: frame.top, svg: header.svg });
      else {
        const head = await runningHead(layout, frame.label(i + 1 + frame.lead, total));
        layers.push({ role: 'running-head', x: g.padding, y: frame.top, svg: head.svg, height: head.height });
      }
      layers.push(...stackLayers(page));
      if (footer && i === pages.length - 1)
        layers.push({ role: 'footer', x: g.padding, y: page.bottom + FOOTER_GAP, svg: footer.svg, height: footer.height });
      return { width: g.width, height: frame.height, background: theme.colors.page, layers };
    }),
  );
}

/**
 * Slides: a frame whose event pages each hold a run of units chosen by the caller, each run set
 * from its own layout of the timeline (the same width, its own type size). The running head
 * and the footer are the base layout's, so the frame's furniture stays put from slide to slide.
 */
export interface SlideFrame {
  height: number;
  /** Space kept free of text at the top and bottom: the margins, or a story's safe zones. */
  top: number;
  bottom: number;
  /** Slides before the event slides (covers): they count in the labels. */
  lead: number;
  /** The running head's label for slide `page` (from 1) of `pages`. */
  label: (page: number, pages: number) => string;
}

/** The units from `from` to `to` of `layout`, set on one slide; the last slide also holds the footer. */
export interface SlideRun {
  from: number;
  to: number;
  layout: TimelineLayout;
}

/** Where a slide's stack may run, in layout pixels: from `top` down to `limit`; the last slide keeps `footerRoom` of it for the footer. */
export interface SlideRoom {
  /** The running head's top and height. */
  headTop: number;
  headHeight: number;
  top: number;
  limit: number;
  footerRoom: number;
}

/** A slide frame's room, with the base layout's running head. */
export async function slideRoom(base: TimelineLayout, frame: SlideFrame): Promise<SlideRoom> {
  const head = await runningHead(base, frame.label(1, 1));
  const footerRoom = base.footer ? FOOTER_GAP + base.footer.height : 0;
  return {
    headTop: frame.top,
    headHeight: head.height,
    top: frame.top + head.height + HEADER_GAP / 2,
    limit: frame.height - frame.bottom,
    footerRoom,
  };
}

/**
 * A run's slide, its stack centred in the room it has (the last slide's room ends above the
 * footer), or undefined when the run does not fit. A run that opens without its year's marker
 * repeats it.
 */
export function slidePage(run: SlideRun, room: SlideRoom, last: boolean): StackPage | undefined {
  const { layout, from, to } = run;
  const [page] = stackPages(underItsYear(layout.units.slice(from, to)), layout.geometry, () => room.top, Infinity);
  const limit = room.limit - (last ? room.footerRoom : 0);
  if (!page || page.bottom > limit) return undefined;
  centre(page, limit);
  return page;
}

/** The footer's top on the last slide, under its stack. */
export const footerTop = (page: StackPage) => page.bottom + FOOTER_GAP;

/** The event slides of runs that each fit (see slidePage), in order; the footer under the last. */
export async function slideScenes(base: TimelineLayout, runs: readonly SlideRun[], frame: SlideFrame): Promise<Scene[]> {
  const { geometry: g, footer, theme } = base;
  const room = await slideRoom(base, frame);
  const total = runs.length + frame.lead;
  return Promise.all(
    runs.map(async (run, i) => {
      const last = i === runs.length - 1;
      const page = slidePage(run, room, last);
      if (!page) throw new Error(`slide ${i + 1} does not fit its frame`);
      const head = await runningHead(base, frame.label(i + 1 + frame.lead, total));
      const layers: Layer[] = [
        spineLayer(page, run.layout),
        { role: 'running-head', x: g.padding, y: frame.top, svg: head.svg, height: head.height },
        ...stackLayers(page),
      ];
      if (footer && last) layers.push({ role: 'footer', x: g.padding, y: footerTop(page), svg: footer.svg, height: footer.height });
      return { width: g.width, height: frame.height, background: theme.colors.page, layers };
    }),
  );
}

/** "September 2015 – March 2019", and each event's place along that span. */
export function timelineSpan(timeline: Timeline, order: readonly number[]): { span: string; marks: SpanMark[] } {
  const events = order.map((i) => timeline.events[i]!);
  const first = events[0]!;
  const last = events[events.length - 1]!;
  const day = dayNumber;
  const from = Math.min(...events.map((e) => day(e.range.start)));
  const to = Math.max(...events.map((e) => day(e.range.start)));
  const color = (actorId: string) => timeline.actors.find((a) => a.id === actorId)!.color;
  const marks = events.map((e) => ({ at: to > from ? (day(e.range.start) - from) / (to - from) : 0.5, color: color(e.actor) }));
  const [start, end] = [spanEnd(first), spanEnd(last)];
  return { span: start === end ? start : `${start} – ${end}`, marks };
}

/** TimelineJS files hide a slide's date with a display_date of "." or "-": the span names its year instead. */
function spanEnd(event: TimelineEvent): string {
  return /[\p{L}\p{N}]/u.test(event.date) ? event.date : yearLabel(startYear(event.range));
}

export interface CoverFrame {
  width: number;
  height: number;
  safeTop?: number;
  safeBottom?: number;
  variant: 'card' | 'slide';
  label?: string;
  hint?: string;
}

/** Lowest text baseline in a block: text past the frame means the layout overflowed. */
function lowestBaseline(block: Block): number {
  return Math.max(0, ...[...block.svg.matchAll(/<text [^>]*?\by="([\d.]+)"/g)].map((m) => Number(m[1])));
}

/** Title and dek sizes tried in turn until the cover fits its frame; the dek goes last. */
const COVER_FITS = [
  { typeScale: 1, dek: true },
  { typeScale: 0.85, dek: true },
  { typeScale: 0.72, dek: true },
  { typeScale: 0.72, dek: false },
  { typeScale: 0.6, dek: false },
];

/** A whole frame given to the template's cover: a link preview, an in-feed card, a carousel's first slide. */
export async function coverScene(timeline: Timeline, frame: CoverFrame, options: LayoutOptions): Promise<Scene> {
  const { template, theme } = options;
  const { span, marks } = timelineSpan(timeline, readingOrder(timeline, options.keepOrder));
  const safeTop = frame.safeTop ?? 0;
  const safeBottom = frame.safeBottom ?? 0;
  let block: Block | undefined;
  for (const fit of COVER_FITS) {
    const element = template.Cover({
      title: timeline.title,
      dek: fit.dek ? timeline.dek : undefined,
      actors: timeline.actors,
      span,
      count: timeline.events.length,
      marks,
      width: frame.width,
      height: frame.height,
      safeTop,
      safeBottom,
      variant: frame.variant,
      label: frame.label,
      hint: frame.hint,
      typeScale: fit.typeScale,
      theme,
    });
    block = await layoutBlock(element, frame.width, frame.height);
    if (lowestBaseline(block) <= frame.height - safeBottom) break;
  }
  return {
    width: frame.width,
    height: frame.height,
    background: theme.colors.page,
    layers: [{ role: 'header', x: 0, y: 0, svg: block!.svg }],
  };
}

/** True when a scene draws a raster image (a photo): it has more colours than a palette holds, and RGB pixels. */
export function sceneHasPhotos(scene: Scene): boolean {
  return scene.layers.some((layer) => layer.svg.includes('<image'));
}

/** A scene as one SVG document, for rasterising; with a window, only the band from `top` down `height`. */
export function sceneToSvg(scene: Scene, window?: { top: number; height: number; background?: boolean }): string {
  const top = window?.top ?? 0;
  const height = window?.height ?? scene.height;
  const reaches = (l: Layer) => l.height === undefined || (l.y < top + height && l.y + l.height > top);
  const body = scene.layers
    .filter(reaches)
    .map((l) => (l.x === 0 && l.y === 0 ? l.svg : `<g transform="translate(${fmt(l.x)},${fmt(l.y)})">${l.svg}</g>`));
  const background =
    window?.background === false ? '' : `<rect y="${fmt(top)}" width="${scene.width}" height="${fmt(height)}" fill="${scene.background}"/>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(scene.width)}" height="${fmt(height)}" viewBox="0 ${fmt(top)} ${fmt(scene.width)} ${fmt(height)}">` +
    `${background}${body.join('')}</svg>`
  );
}
