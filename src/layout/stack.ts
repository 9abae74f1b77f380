import { TimelineError } from '../errors.ts';
import type { Block } from './block.ts';
import type { Geometry } from './geometry.ts';

export type Side = 'left' | 'right' | 'center';

/** A block on the spine: an event card or a year marker. */
export interface StackItem {
  kind: 'card' | 'year';
  block: Block;
  side: Side;
  /** Index of the event in the timeline's source order. */
  eventIndex?: number;
  /** The actor's colour, for the card's marker on the spine. */
  color?: string;
  /** A year marker repeated at the top of a continued page: a reminder, not content. */
  repeat?: boolean;
}

export interface Placed {
  item: StackItem;
  x: number;
  y: number;
}

/** Items kept on one page together: a year marker with the card after it. */
export interface Unit {
  items: StackItem[];
  /** The marker of the unit's year, repeated when the unit opens a page without one. */
  continuation?: StackItem;
}

interface Cursor {
  left: number;
  right: number;
  lastTop: number;
}

function place(item: StackItem, cursor: Cursor, g: Geometry): { placed: Placed; next: Cursor } {
  const { block, side } = item;
  const after = cursor.lastTop + (item.kind === 'year' ? 0 : g.step);
  if (side === 'center') {
    const top = Math.max(cursor.left, cursor.right, after);
    const bottom = top + block.height + (item.kind === 'year' ? g.gap * 0.8 : g.gap);
    // A single column's year marker is laid out aligned to its start, where the spine is.
    const x = g.mode === 'single' && item.kind === 'year' ? g.padding : g.spineX - block.width / 2;
    return { placed: { item, x, y: top }, next: { left: bottom, right: bottom, lastTop: top } };
  }
  const top = Math.max(cursor[side], after);
  const x = side === 'left' ? g.spineX - g.gutter - block.width : g.spineX + g.gutter;
  return { placed: { item, x, y: top }, next: { ...cursor, [side]: top + block.height + g.gap, lastTop: top } };
}

function placeUnit(items: StackItem[], cursor: Cursor, g: Geometry): { placed: Placed[]; next: Cursor; bottom: number } {
  const placed: Placed[] = [];
  let next = cursor;
  let bottom = 0;
  for (const item of items) {
    const result = place(item, next, g);
    placed.push(result.placed);
    next = result.next;
    bottom = Math.max(bottom, result.placed.y + item.block.height);
  }
  return { placed, next, bottom };
}

export interface StackPage {
  placed: Placed[];
  /** Lowest edge of anything placed, or the top when nothing is. */
  bottom: number;
}

/**
 * Stacks units down the spine, cutting to a new page only between units, so no card is ever split.
 * `top(page)` is where a page's stack starts; `limit` is the lowest edge a block may reach
 * (Infinity for the tall image, which is one page).
 */
export function stackPages(units: Unit[], g: Geometry, top: (page: number) => number, limit: number): StackPage[] {
  const pages: StackPage[] = [];
  const startCursor = (page: number): Cursor => ({ left: top(page), right: top(page), lastTop: -Infinity });
  let current: StackPage = { placed: [], bottom: top(0) };
  let cursor = startCursor(0);
  for (const unit of units) {
    let result = placeUnit(unit.items, cursor, g);
    if (result.bottom > limit && current.placed.length > 0) {
      pages.push(current);
      cursor = startCursor(pages.length);
      current = { placed: [], bottom: top(pages.length) };
      const opensYear = unit.items[0]?.kind === 'year' || !unit.continuation;
      result = placeUnit(opensYear ? unit.items : [{ ...unit.continuation!, repeat: true }, ...unit.items], cursor, g);
    }
    if (result.bottom > limit) {
      const card = unit.items.find((i) => i.kind === 'card');
      throw new TimelineError(
        `Event events[${card?.eventIndex ?? '?'}] is too long to fit on one page. Shorten its text or choose a taller page.`,
      );
    }
    current.placed.push(...result.placed);
    current.bottom = Math.max(current.bottom, result.bottom);
    cursor = result.next;
  }
  pages.push(current);
  return pages;
}
