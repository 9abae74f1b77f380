import type { JSXNode } from 'satori/jsx';
import type { Actor, TimelineEvent } from '../model/types.ts';
import type { Theme } from './theme.ts';

export interface HeaderProps {
  title: string;
  dek?: string;
  actors: Actor[];
  width: number;
  theme: Theme;
}

export interface CardProps {
  event: TimelineEvent;
  actor: Actor;
  width: number;
  /** Where the card stands: beside the spine on the left or right, or across it. */
  side: 'left' | 'right' | 'center';
  theme: Theme;
}

export interface YearProps {
  year: number;
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
  Card: (props: CardProps) => JSXNode;
  Year: (props: YearProps) => JSXNode;
  Footer: (props: FooterProps) => JSXNode;
  RunningHead: (props: RunningHeadProps) => JSXNode;
}
