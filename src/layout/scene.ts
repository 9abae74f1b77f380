import { dateOrder, startYear } from '../model/dates.ts';
import type { Actor, Timeline } from '../model/types.ts';
import { layoutBlock, type Block } from './block.ts';
import { geometryFor, type Geometry } from './geometry.ts';
import { stackPages, type Side, type StackItem, type StackPage, type Unit } from './stack.ts';
import type { Template } from './template-types.ts';
import type { Theme } from './theme.ts';

/** What a layer is to a reader: tagged content, or decoration that carries no meaning. */
export type LayerRole = 'decoration' | 'header' | 'running-head' | 'year' | 'event' | 'footer';

/** SVG content placed at x, y on a scene. */
export interface Layer {
  role: LayerRole;
  x: number;
  y: number;
  svg: string;
  eventIndex?: number;
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
}

/** Which side of the spine each actor's cards stand on: two sides left and right, joint actors across. */
export function actorSides(actors: readonly Actor[]): Map<string, Side> {
  const sides = actors.filter((a) => !a.joint);
  const twoSided = sides.length === 2;
  return new Map(actors.map((a) => [a.id, twoSided && !a.joint ? (a === sides[0] ? 'left' : 'right') : 'center']));
}

async function layoutUnits(timeline: Timeline, g: Geometry, options: LayoutOptions): Promise<Unit[]> {
  const { template, theme } = options;
  const sides = actorSides(timeline.actors);
  const order = options.keepOrder ? timeline.events.map((_, i) => i) : dateOrder(timeline.events.map((e) => e.range));
  const years = new Map<number, Promise<StackItem>>();
  const yearItem = (year: number) => {
    if (!years.has(year)) {
      years.set(year, layoutBlock(template.Year({ year, theme }), g.contentWidth).then((block) => ({ kind: 'year', side: 'center', block })));
    }
    return years.get(year)!;
  };
  return Promise.all(order.map(async (eventIndex, position) => {
    const event = timeline.events[eventIndex]!;
    const actor = timeline.actors.find((a) => a.id === event.actor)!;
    const side = sides.get(actor.id)!;
    const width = side === 'center' ? g.centerWidth : g.sideWidth;
    const year = startYear(event.range);
    const previous = position > 0 ? timeline.events[order[position - 1]!]! : undefined;
    const opensYear = !previous || startYear(previous.range) !== year;
    const [marker, block] = await Promise.all([yearItem(year), layoutBlock(template.Card({ event, actor, width, side, theme }), width)]);
    const card: StackItem = { kind: 'card', side, block, eventIndex, color: actor.color };
    return { items: opensYear ? [marker, card] : [card], continuation: marker };
  }));
}

/** Lays out every block of the timeline at the given width (layout pixels). */
export async function layoutTimeline(timeline: Timeline, width: number, padding: number, options: LayoutOptions): Promise<TimelineLayout> {
  const { template, theme } = options;
  const g = geometryFor(width, padding, theme);
  const [header, footer, units] = await Promise.all([
    layoutBlock(template.Header({ title: timeline.title, dek: timeline.dek, actors: timeline.actors, width: g.contentWidth, theme }), g.contentWidth),
    timeline.credit || timeline.source
      ? layoutBlock(template.Footer({ credit: timeline.credit, source: timeline.source, width: g.contentWidth, theme }), g.contentWidth)
      : undefined,
    layoutUnits(timeline, g, options),
  ]);
  return { timeline, geometry: g, theme, template, header, footer, units };
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/** The spine, and a marker joining each side card to it, for one page of the stack. */
function spineLayer(page: StackPage, layout: TimelineLayout): Layer {
  const { geometry: g, theme } = layout;
  if (page.placed.length === 0) return { role: 'decoration', x: 0, y: 0, svg: '' };
  const top = page.placed[0]!.y;
  const parts = [`<rect x="${fmt(g.spineX - 1.5)}" y="${fmt(top)}" width="3" height="${fmt(page.bottom - top)}" fill="${theme.colors.spine}"/>`];
  for (const { item, x, y } of page.placed) {
    if (item.kind !== 'card' || item.side === 'center') continue;
    const markerY = y + g.markerOffset;
    const edge = item.side === 'left' ? x + item.block.width : x;
    const from = Math.min(edge, g.spineX);
    parts.push(`<rect x="${fmt(from)}" y="${fmt(markerY - 1)}" width="${fmt(Math.abs(edge - g.spineX))}" height="2" fill="${item.color}"/>`);
    parts.push(`<circle cx="${fmt(g.spineX)}" cy="${fmt(markerY)}" r="9" fill="${item.color}" stroke="${theme.colors.page}" stroke-width="4"/>`);
  }
  return { role: 'decoration', x: 0, y: 0, svg: parts.join('') };
}

function stackLayers(page: StackPage): Layer[] {
  return page.placed.map(({ item, x, y }) => ({
    role: item.kind === 'card' ? 'event' : 'year',
    x, y, svg: item.block.svg,
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
  const layers: Layer[] = [spineLayer(page!, layout), { role: 'header', x: g.padding, y: g.padding, svg: header.svg }, ...stackLayers(page!)];
  let bottom = page!.bottom;
  if (footer) {
    layers.push({ role: 'footer', x: g.padding, y: bottom + FOOTER_GAP, svg: footer.svg });
    bottom += FOOTER_GAP + footer.height;
  }
  return { width: g.width, height: Math.ceil(bottom + g.padding), background: layout.theme.colors.page, layers };
}

/**
 * Pages of a fixed height: the header on the first, a running head on the rest, the
 * footer under the last card (or on a page of its own when it does not fit), cards never split.
 */
export async function pageScenes(layout: TimelineLayout, pageHeight: number): Promise<Scene[]> {
  const { geometry: g, header, footer, template, theme, timeline } = layout;
  const headBlock = (label: string) => layoutBlock(template.RunningHead({ title: timeline.title, label, width: g.contentWidth, theme }), g.contentWidth);
  const sampleHead = await headBlock('Page 1 of 1');
  const limit = pageHeight - g.padding;
  const top = (page: number) => g.padding + (page === 0 ? header.height + HEADER_GAP : sampleHead.height + HEADER_GAP / 2);
  const pages = stackPages(layout.units, g, top, limit);
  const last = pages[pages.length - 1]!;
  const footerOnOwnPage = footer !== undefined && last.bottom + FOOTER_GAP + footer.height > limit;
  if (footerOnOwnPage) pages.push({ placed: [], bottom: top(pages.length) - HEADER_GAP / 2 });
  return Promise.all(pages.map(async (page, i) => {
    const layers: Layer[] = [spineLayer(page, layout)];
    if (i === 0) layers.push({ role: 'header', x: g.padding, y: g.padding, svg: header.svg });
    else layers.push({ role: 'running-head', x: g.padding, y: g.padding, svg: (await headBlock(`Page ${i + 1} of ${pages.length}`)).svg });
    layers.push(...stackLayers(page));
    if (footer && i === pages.length - 1) layers.push({ role: 'footer', x: g.padding, y: page.bottom + FOOTER_GAP, svg: footer.svg });
    return { width: g.width, height: pageHeight, background: theme.colors.page, layers };
  }));
}

/** A scene as one SVG document, for rasterising. */
export function sceneToSvg(scene: Scene): string {
  const body = scene.layers.map((l) => (l.x === 0 && l.y === 0 ? l.svg : `<g transform="translate(${fmt(l.x)},${fmt(l.y)})">${l.svg}</g>`));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${scene.width}" height="${scene.height}" viewBox="0 0 ${scene.width} ${scene.height}">`
    + `<rect width="${scene.width}" height="${scene.height}" fill="${scene.background}"/>${body.join('')}</svg>`;
}
