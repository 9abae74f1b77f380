import type { ThemeOverrides } from './theme.ts';

/** A date range as whole days: both ends inclusive, ISO `YYYY-MM-DD`. */
export interface DateRange {
  start: string;
  end: string;
}

export interface Actor {
  id: string;
  label: string;
  /** CSS colour, `#rrggbb`. */
  color: string;
  /** An actor that stands for all sides at once ("Both"): its events span the spine. */
  joint?: boolean;
}

export interface TimelineEvent {
  /** The date as the newsroom wrote it: "Summer 2017". */
  date: string;
  /** The days that date stands for. */
  range: DateRange;
  actor: string;
  text: string;
}

export interface Timeline {
  title: string;
  dek?: string;
  credit?: string;
  source?: string;
  /** When the timeline was last changed (ISO date): the PDF's creation date, so renders repeat byte for byte. */
  updated?: string;
  actors: Actor[];
  events: TimelineEvent[];
  /** Colours, fonts and sizes laid over the default theme. */
  theme?: ThemeOverrides;
}

/** A problem found in an input, with the place it was found. */
export interface Diagnostic {
  /** "3:14" for a syntax error, "events[3].actor" for a field. */
  place?: string;
  message: string;
}
