import type { Theme } from '../model/theme.ts';

/**
 * two-sided: the spine in the middle, one side's cards left, the other's right, joint cards across.
 * single: the spine near the left edge and every card right of it (narrow slides, one or many actors).
 */
export type LayoutMode = 'two-sided' | 'single';

/** Where things stand across the width of a page or image, in layout pixels. */
export interface Geometry {
  mode: LayoutMode;
  width: number;
  padding: number;
  contentWidth: number;
  spineX: number;
  /** Width of a card beside the spine. */
  sideWidth: number;
  /** Width of a card across the spine. */
  centerWidth: number;
  /** Space between a side card and the spine. */
  gutter: number;
  /** Vertical space between cards on one side. */
  gap: number;
  /** Least vertical distance between the tops of two cards in a row, so the reading order stays plain. */
  step: number;
  /** Distance from a card's top to its marker on the spine: the middle of its date line. */
  markerOffset: number;
}

/**
 * The widest a card's text runs, in ems of the body size: about 70 characters of the body face,
 * past which the eye loses the next line (a tabloid page's joint cards ran to 91).
 */
const MEASURE_EMS = 34;

export function geometryFor(width: number, padding: number, theme: Theme, mode: LayoutMode): Geometry {
  const widest = Math.round(theme.sizes.body * MEASURE_EMS) + 2 * theme.card.padding + 2;
  const contentWidth = width - 2 * padding;
  const markerOffset = theme.card.rule + theme.card.padding - 4 + theme.sizes.date * 0.75;
  const common = { mode, width, padding, contentWidth, gap: 30, step: 70, markerOffset };
  if (mode === 'single') {
    const spineX = padding + 22;
    const gutter = 30;
    const sideWidth = Math.min(widest, Math.floor(width - padding - spineX - gutter));
    return { ...common, spineX, gutter, sideWidth, centerWidth: sideWidth };
  }
  const gutter = Math.round(contentWidth * 0.04);
  return {
    ...common,
    spineX: width / 2,
    gutter,
    sideWidth: Math.min(widest, Math.floor(contentWidth / 2 - gutter)),
    centerWidth: Math.min(widest, Math.floor(contentWidth * 0.62)),
  };
}
