import { defaultActors } from '../model/actors.ts';
import { parseDate } from '../model/dates.ts';
import type { Actor, Timeline, TimelineEvent } from '../model/types.ts';

const ACTOR_LINE = /^([^:]{1,40}):\s+(\S.*)$/;

export interface ArticleImport {
  timeline?: Timeline;
  /** Paragraphs after the dek that are not events: captions, page copy, links. */
  skipped: number;
}

function paragraphs(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
}

/**
 * Sides in the order the title names them ("US-Russian": US, then Russia), others after
 * in order of appearance, and the joint actor last.
 */
function orderActors(labels: string[], title: string): Actor[] {
  const place = (label: string) => {
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const at = title.search(new RegExp(`(^|[^\\p{L}])${escaped}`, 'iu'));
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  };
  const ordered = labels.map((label, firstSeen) => ({ label, firstSeen }))
    .sort((a, b) => place(a.label) - place(b.label) || a.firstSeen - b.firstSeen);
  return defaultActors(ordered.map((o) => o.label));
}

/**
 * Reads an article as plain text: the title, the dek, then pairs of a date line and an
 * "Actor: text" line. Everything else (photo caption, page copy, newsletter links) is skipped and counted.
 */
export function importArticle(text: string): ArticleImport {
  const lines = paragraphs(text);
  const [title, dek, ...body] = lines;
  if (title === undefined) return { skipped: 0 };
  const events: TimelineEvent[] = [];
  const labels: string[] = [];
  let skipped = 0;
  for (let i = 0; i < body.length; i++) {
    const range = parseDate(body[i]!);
    const actorLine = range ? body[i + 1]?.match(ACTOR_LINE) : undefined;
    if (!range || !actorLine) {
      skipped++;
      continue;
    }
    const actor = actorLine[1]!.trim();
    if (!labels.includes(actor)) labels.push(actor);
    events.push({ date: body[i]!, range, actor, text: actorLine[2]!.trim() });
    i++;
  }
  if (events.length === 0) return { skipped };
  const timeline: Timeline = { title, actors: orderActors(labels, title), events };
  if (dek !== undefined) timeline.dek = dek;
  return { timeline, skipped };
}
