import type { JSXNode } from 'satori/jsx';
import type { Actor, ImageData, TimelineEvent } from '../model/types.ts';
import type { Theme } from '../model/theme.ts';

/** A picture ready to draw, with the words that go with it. */
export interface Picture extends ImageData {
  credit?: string;
  caption?: string;
}

export interface HeaderProps {
  title: string;
  dek?: string;
  /** The photo under the dek, with its credit line. */
  photo?: Picture;
  actors: Actor[];
  width: number;
  theme: Theme;
}

export interface CardProps {
  event: TimelineEvent;
  actor: Actor;
  /** Whether the card names its actor: not when the timeline has only one. */
  namesActor: boolean;
  /** The event's image, when it has one. */
  image?: Picture;
  width: number;
  /** Where the card stands: beside the spine on the left or right, or across it. */
  side: 'left' | 'right' | 'center';
  theme: Theme;
}

export interface YearProps {
  year: number;
  /** Centred on a middle spine, or at the start of the line for a spine at the left. */
  align: 'center' | 'start';
  theme: Theme;
}

/** A place along the timeline's span, for the strip of marks on a cover. */
export interface SpanMark {
  /** 0 at the first date, 1 at the last. */
  at: number;
  color: string;
}

export interface CoverProps {
  title: string;
  dek?: string;
  actors: Actor[];
  /** First to last date: "September 2015 – March 2019". */
  span: string;
  count: number;
  marks: SpanMark[];
  width: number;
  height: number;
  /** Space kept free of text at the top and bottom (a story's safe zones). */
  safeTop: number;
  safeBottom: number;
  /** card: a link preview or in-feed card; slide: the first slide of a carousel or story. */
  variant: 'card' | 'slide';
  /** "1/7" on a carousel's first slide. */
  label?: string;
  /** What to do next: "Swipe for the timeline ›". */
  hint?: string;
  /** Factor on the title and dek sizes: below 1 when a long title would not fit the frame. */
  typeScale: number;
  theme: Theme;
}

export interface FooterProps {
  credit?: string;
  source?: string;
  width: number;
  theme: Theme;
}

export interface RunningHeadProps {
  title: string;
  /** "Continued", "Page 2 of 3". */
  label: string;
  width: number;
  theme: Theme;
}

/** A template: one satori component per block of the timeline. */
export interface Template {
  Header: (props: HeaderProps) => JSXNode;
  Cover: (props: CoverProps) => JSXNode;
  Card: (props: CardProps) => JSXNode;
  Year: (props: YearProps) => JSXNode;
  Footer: (props: FooterProps) => JSXNode;
  RunningHead: (props: RunningHeadProps) => JSXNode;
}

// Keyed by every part, so a part added to Template and not listed here fails the type check.
const PARTS: Record<keyof Template, true> = { Header: true, Cover: true, Card: true, Year: true, Footer: true, RunningHead: true };

/** The parts a template may name. */
export const TEMPLATE_PARTS = Object.keys(PARTS) as Array<keyof Template>;
