import type { Theme } from './theme.ts';

/** Where things stand across the width of a page or image, in layout pixels. */
export interface Geometry {
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

export function geometryFor(width: number, padding: number, theme: Theme): Geometry {
  const contentWidth = width - 2 * padding;
  const gutter = Math.round(contentWidth * 0.04);
  return {
    width,
    padding,
    contentWidth,
    spineX: width / 2,
    sideWidth: Math.floor(contentWidth / 2 - gutter),
    centerWidth: Math.floor(contentWidth * 0.62),
    gutter,
    gap: 30,
    step: 70,
    markerOffset: theme.card.rule + theme.card.padding - 4 + theme.sizes.date * 0.75,
  };
}
