import type { Scene } from '../layout/scene.ts';
import { namesActors } from '../model/actors.ts';
import type { Timeline, TimelineEvent } from '../model/types.ts';

/** What an event says, as its card shows it: the headline as a sentence of its own, then the text. */
function eventWords(event: TimelineEvent): string {
  if (!event.headline) return event.text;
  const headline = event.headline.trim();
  return `${headline}${/[.!?…:;]$/u.test(headline) ? '' : '.'} ${event.text}`;
}

/**
 * What a screen-reader user needs from one image: the title, what the image says beyond it
 * (the dek, the span, its place in a series), and each event on it as "date, actor: headline.
 * text" ("date: …" when the timeline has one actor).
 */
export function altText(timeline: Timeline, scene: Scene, extra: readonly string[] = []): string {
  const opensTimeline = scene.layers.some((l) => l.role === 'header');
  const lines = [timeline.title];
  if (opensTimeline && timeline.dek) lines.push(timeline.dek);
  lines.push(...extra);
  for (const layer of scene.layers) {
    if (layer.role === 'event' && layer.eventIndex !== undefined) lines.push(eventLine(timeline, layer.eventIndex));
  }
  return lines.join('\n') + '\n';
}

/** One event as a reader hears it: "date, actor: headline. text" ("date: …" when the timeline has one actor). */
export function eventLine(timeline: Timeline, eventIndex: number): string {
  const event = timeline.events[eventIndex]!;
  const actor = timeline.actors.find((a) => a.id === event.actor)!;
  const words = eventWords(event);
  return namesActors(timeline.actors) ? `${event.date}, ${actor.label}: ${words}` : `${event.date}: ${words}`;
}
