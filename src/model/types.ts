import type { ThemeOverrides } from './theme.ts';

/**
 * A date range as whole days: both ends inclusive, ISO `YYYY-MM-DD`. Years before 1000 are
 * padded ("0602"), years BCE are negative ("-5410"), and years may be longer than four digits.
 */
export interface DateRange {
  start: string;
  end: string;
  /** The clock time the range starts at on its first day, `HH:MM:SS`, when the data has one. */
  startTime?: string;
  /** The clock time it ends at on its last day. */
  endTime?: string;
}

export interface Actor {
  id: string;
  label: string;
  /** CSS colour, `#rrggbb`. */
  color: string;
  /** An actor that stands for all sides at once ("Both"): its events span the spine. */
  joint?: boolean;
}

/** A stretch of an event's text set in bold or italic, by UTF-16 offsets into the text. */
export interface Emphasis {
  start: number;
  end: number;
  style: 'bold' | 'italic';
}

/** A local image: its path as written (relative to the data file) and what it says. */
export interface Media {
  src: string;
  credit?: string;
  caption?: string;
  /** What the image shows, for a reader who cannot see it: the PDF's Figure /Alt. */
  alt?: string;
}

/** A local image read for drawing: a data URI that satori, resvg and pdfkit all take. */
export interface ImageData {
  uri: string;
  width: number;
  height: number;
}

export interface TimelineEvent {
  /** The date as the newsroom wrote it: "Summer 2017". */
  date: string;
  /** The days that date stands for. */
  range: DateRange;
  actor: string;
  /** A short head over the text (TimelineJS's headline). */
  headline?: string;
  text: string;
  emphasis?: Emphasis[];
  media?: Media;
}

export interface Timeline {
  title: string;
  dek?: string;
  credit?: string;
  source?: string;
  /** A photo under the header, with its credit line. */
  photo?: Media;
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
