import { layoutTimeline, pagedScenes, type LayoutOptions, type Scene } from './scene.ts';
import type { Timeline } from '../model/types.ts';

/** PDF points per layout pixel: the theme's 24 px body text is set at 10 pt in print. */
export const PRINT_SCALE = 10 / 24;

/** A page narrower than this is a column slot (3.25 in is a common one), not a sheet. */
const COLUMN_SLOT = 4.5 * 72;
/** Column type a point smaller than the sheet's 10 pt, as newspapers set it. */
const COLUMN_TYPE = 0.9;
const COLUMN_MARGIN = 1 / 16;
/** A sheet's margin when none is given: half an inch. */
const SHEET_MARGIN = 36;

/**
 * Points per layout pixel and the margin for a page. A column slot has type a point smaller and,
 * unless a margin is given, a sixteenth of its width as margin: with half an inch each side of
 * 3.25 in, a card held 25 characters a line; now about 35. A margin given is kept as it is.
 */
export function printFit(pageWidth: number, margin: number | undefined, scale: number): { scale: number; margin: number } {
  if (pageWidth >= COLUMN_SLOT) return { scale, margin: margin ?? SHEET_MARGIN };
  return { scale: scale * COLUMN_TYPE, margin: margin ?? pageWidth * COLUMN_MARGIN };
}

/** The print pages: one scene per page, in layout pixels, and the points each pixel is printed at. */
export interface PrintPages {
  scenes: Scene[];
  /** PDF points per layout pixel. */
  scale: number;
}

/**
 * A timeline laid out for pages of `page` (points) with `margin` (points): set at the page's
 * width in layout pixels and cut between cards, with "Page 2 of 3" atop each page after the first.
 */
export async function printPages(
  timeline: Timeline,
  page: { width: number; height: number },
  margin: number | undefined,
  options: LayoutOptions,
): Promise<PrintPages> {
  const fit = printFit(page.width, margin, PRINT_SCALE);
  const layout = await layoutTimeline(timeline, page.width / fit.scale, fit.margin / fit.scale, options);
  const scenes = await pagedScenes(layout, {
    height: page.height / fit.scale,
    top: layout.geometry.padding,
    bottom: layout.geometry.padding,
    headerFirst: true,
    lead: 0,
    label: (n, total) => `Page ${n} of ${total}`,
  });
  return { scenes, scale: fit.scale };
}
