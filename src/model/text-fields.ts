import type { Media, Timeline } from './types.ts';

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
    return value === undefined ? [] : [{ place: `${place}.${key}`, value, set: (v: string) => { media[key] = v; } }];
  });
}

/** Every text of the timeline that a template draws, each with its field path. */
export function textFields(timeline: Timeline): TextField[] {
  const fields: TextField[] = [{ place: 'title', value: timeline.title, set: (v) => { timeline.title = v; } }];
  for (const key of ['dek', 'credit', 'source'] as const) {
    const value = timeline[key];
    if (value !== undefined) fields.push({ place: key, value, set: (v) => { timeline[key] = v; } });
  }
  timeline.actors.forEach((a, i) => fields.push({ place: `actors[${i}].label`, value: a.label, set: (v) => { a.label = v; } }));
  timeline.events.forEach((e, i) => {
    for (const key of ['date', 'headline', 'text'] as const) {
      const value = e[key];
      if (value !== undefined) fields.push({ place: `events[${i}].${key}`, value, set: (v) => { e[key] = v; } });
    }
    fields.push(...mediaFields(e.media, `events[${i}].media`));
  });
  fields.push(...mediaFields(timeline.photo, 'photo'));
  return fields;
}
