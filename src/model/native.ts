import { parseDate, sameRange, writtenBound } from './dates.ts';
import type { Timeline } from './types.ts';

/** The timeline as a native document, as its JSON file holds it (a range as the start and end written). */
export function toNativeDocument(timeline: Timeline) {
  return {
    title: timeline.title,
    ...(timeline.dek ? { dek: timeline.dek } : {}),
    ...(timeline.credit ? { credit: timeline.credit } : {}),
    ...(timeline.source ? { source: timeline.source } : {}),
    ...(timeline.updated ? { updated: timeline.updated } : {}),
    ...(timeline.photo ? { photo: timeline.photo } : {}),
    ...(timeline.theme ? { theme: timeline.theme } : {}),
    actors: timeline.actors,
    events: timeline.events.map((e) => {
      const implied = parseDate(e.date);
      const implies = implied && sameRange(implied, e.range);
      return {
        date: e.date,
        ...(implies ? {} : { start: writtenBound(e.range, 'start'), end: writtenBound(e.range, 'end') }),
        actor: e.actor,
        ...(e.headline ? { headline: e.headline } : {}),
        text: e.text,
        ...(e.emphasis ? { emphasis: e.emphasis } : {}),
        ...(e.media ? { media: e.media } : {}),
      };
    }),
  };
}

/** The timeline as a native JSON document: what `import` prints and the data folder holds. */
export function toNativeJson(timeline: Timeline): string {
  return JSON.stringify(toNativeDocument(timeline), null, 2) + '\n';
}
