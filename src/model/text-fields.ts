import type { Emphasis, Media, Timeline } from './types.ts';

/** A text of a timeline that gets drawn: where it is, what it says, and how to change it. */
export interface TextField {
  place: string;
  value: string;
  set(value: string): void;
}

function mediaFields(media: Media | undefined, place: string): TextField[] {
  if (!media) return [];
  return (['credit', 'caption'] as const).flatMap((key) => {
    const value = media[key];
    return value === undefined
      ? []
      : [
          {
            place: `${place}.${key}`,
            value,
            set: (v: string) => {
              media[key] = v;
            },
          },
        ];
  });
}

/** Every text of the timeline that a template draws, each with its field path. */
export function textFields(timeline: Timeline): TextField[] {
  const fields: TextField[] = [
    {
      place: 'title',
      value: timeline.title,
      set: (v) => {
        timeline.title = v;
      },
    },
  ];
  for (const key of ['dek', 'credit', 'source'] as const) {
    const value = timeline[key];
    if (value !== undefined)
      fields.push({
        place: key,
        value,
        set: (v) => {
          timeline[key] = v;
        },
      });
  }
  timeline.actors.forEach((a, i) =>
    fields.push({
      place: `actors[${i}].label`,
      value: a.label,
      set: (v) => {
        a.label = v;
      },
    }),
  );
  timeline.events.forEach((e, i) => {
    for (const key of ['date', 'headline', 'text'] as const) {
      const value = e[key];
      if (value !== undefined)
        fields.push({
          place: `events[${i}].${key}`,
          value,
          set: (v) => {
            e[key] = v;
          },
        });
    }
    fields.push(...mediaFields(e.media, `events[${i}].media`));
  });
  fields.push(...mediaFields(timeline.photo, 'photo'));
  return fields;
}

/** Line breaks with the spaces and blank lines around them: one paragraph break. */
const BREAK_RUN = /[ \t]*(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))*[ \t]*/g;

/**
 * An event's text with each run of line breaks (CRLF, blank lines, spaces around them) made
 * one "\n", the paragraph break, and its emphasis moved to stay on the same words.
 */
export function paragraphText(text: string, emphasis: readonly Emphasis[] = []): { text: string; emphasis: Emphasis[] } {
  let joined = '';
  // newAt[i]: where character i of the text lands; every character of a run lands on its "\n".
  const newAt: number[] = [];
  let from = 0;
  for (const run of text.matchAll(BREAK_RUN)) {
    const start = run.index!;
    for (let k = from; k < start; k++) newAt[k] = joined.length + (k - from);
    joined += text.slice(from, start);
    for (let k = start; k < start + run[0].length; k++) newAt[k] = joined.length;
    joined += '\n';
    from = start + run[0].length;
  }
  for (let k = from; k <= text.length; k++) newAt[k] = joined.length + (k - from);
  joined += text.slice(from);
  const lead = joined.length - joined.trimStart().length;
  const out = joined.trim();
  const place = (i: number) => Math.max(0, Math.min(out.length, newAt[i]! - lead));
  const spans = emphasis
    .map((e) => ({ ...e, start: place(e.start) + (joined[newAt[e.start]!] === '\n' ? 1 : 0), end: place(e.end) }))
    .filter((e) => e.end > e.start);
  return { text: out, emphasis: spans };
}
