import { DATE_FORMS_HELP, endsBefore, parseDate } from './dates.ts';
import { validateTheme } from './theme.ts';
import type { Actor, DateRange, Diagnostic, Emphasis, Media, Timeline, TimelineEvent } from './types.ts';

type Json = unknown;
type Fields = Record<string, Json>;

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const TOP_FIELDS = ['$schema', 'title', 'dek', 'credit', 'source', 'updated', 'photo', 'theme', 'actors', 'events'];
const ACTOR_FIELDS = ['id', 'label', 'color', 'joint'];
const EVENT_FIELDS = ['date', 'start', 'end', 'actor', 'headline', 'text', 'emphasis', 'media'];
const MEDIA_FIELDS = ['src', 'credit', 'caption', 'alt'];
const EMPHASIS_STYLES = ['bold', 'italic'];

function kindOf(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

/** Collects diagnostics while one input is checked; each check reads one field and returns it when usable. */
class Checker {
  readonly diagnostics: Diagnostic[] = [];

  report(place: string, message: string): void {
    this.diagnostics.push({ place, message });
  }

  object(value: Json, place: string, allowed: readonly string[]): Fields | undefined {
    if (kindOf(value) !== 'object') {
      this.report(place, `Invalid type for ${place || 'the timeline'}. Expected: object. Received: ${kindOf(value)}.`);
      return undefined;
    }
    const fields = value as Fields;
    for (const key of Object.keys(fields)) {
      if (!allowed.includes(key)) {
        const at = place ? `${place}.${key}` : key;
        this.report(at, `Unknown field ${at}. Allowed: ${allowed.join(', ')}.`);
      }
    }
    return fields;
  }

  /** A date field: text, or a bare year as a number (YAML reads `date: 2019` as one). */
  date(fields: Fields, key: string, place: string, required: boolean): string | undefined {
    const value = fields[key];
    if (typeof value === 'number' && Number.isInteger(value)) return String(value);
    return this.text(fields, key, place, required);
  }

  text(fields: Fields, key: string, place: string, required: boolean): string | undefined {
    const at = place ? `${place}.${key}` : key;
    const value = fields[key];
    if (value === undefined) {
      if (required) this.report(at, `Missing field ${at}.`);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.report(at, `Invalid type for ${at}. Expected: string. Received: ${kindOf(value)}.`);
      return undefined;
    }
    if (required && value.trim() === '') {
      this.report(at, `Empty field ${at}. Expected: some text.`);
      return undefined;
    }
    return value;
  }

  list(fields: Fields, key: string): Json[] | undefined {
    const value = fields[key];
    if (value === undefined) {
      this.report(key, `Missing field ${key}.`);
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.report(key, `Invalid type for ${key}. Expected: array. Received: ${kindOf(value)}.`);
      return undefined;
    }
    return value;
  }
}

function checkActor(check: Checker, value: Json, place: string): Actor | undefined {
  const fields = check.object(value, place, ACTOR_FIELDS);
  if (!fields) return undefined;
  const id = check.text(fields, 'id', place, true);
  const label = check.text(fields, 'label', place, false);
  const color = check.text(fields, 'color', place, true);
  if (color !== undefined && !HEX_COLOR.test(color)) {
    check.report(`${place}.color`, `Invalid value for ${place}.color. Allowed: a colour as #rrggbb. Received: ${JSON.stringify(color)}.`);
  }
  const joint = fields.joint;
  if (joint !== undefined && typeof joint !== 'boolean') {
    check.report(`${place}.joint`, `Invalid type for ${place}.joint. Expected: boolean. Received: ${kindOf(joint)}.`);
  }
  if (id === undefined || color === undefined || !HEX_COLOR.test(color)) return undefined;
  return { id, label: label ?? id, color, ...(joint === true ? { joint: true } : {}) };
}

function checkRange(check: Checker, fields: Fields, place: string, date: string): DateRange | undefined {
  const start = check.date(fields, 'start', place, false);
  const end = check.date(fields, 'end', place, false);
  if (start === undefined && end === undefined) {
    const range = parseDate(date);
    if (!range) {
      check.report(
        `${place}.date`,
        `Invalid value for ${place}.date. Allowed: ${DATE_FORMS_HELP}, or give start and end. Received: ${JSON.stringify(date)}.`,
      );
    }
    return range;
  }
  const from = parseDate(start ?? end!);
  const to = parseDate(end ?? start!);
  for (const [key, given, range] of [
    ['start', start, from],
    ['end', end, to],
  ] as const) {
    if (given !== undefined && !range) {
      check.report(
        `${place}.${key}`,
        `Invalid value for ${place}.${key}. Allowed: ${DATE_FORMS_HELP}. Received: ${JSON.stringify(given)}.`,
      );
    }
  }
  if (!from || !to) return undefined;
  if (endsBefore(to, from)) {
    check.report(
      `${place}.end`,
      `Invalid value for ${place}.end. Allowed: a date on or after start (${start}). Received: ${JSON.stringify(end)}.`,
    );
    return undefined;
  }
  const endTime = end === undefined ? from.endTime : (to.endTime ?? to.startTime);
  return { start: from.start, end: to.end, ...(from.startTime ? { startTime: from.startTime } : {}), ...(endTime ? { endTime } : {}) };
}

function checkMedia(check: Checker, value: Json, place: string): Media | undefined {
  const fields = check.object(value, place, MEDIA_FIELDS);
  if (!fields) return undefined;
  const src = check.text(fields, 'src', place, true);
  const credit = check.text(fields, 'credit', place, false);
  const caption = check.text(fields, 'caption', place, false);
  const alt = check.text(fields, 'alt', place, false);
  if (src === undefined) return undefined;
  return { src, ...(credit ? { credit } : {}), ...(caption ? { caption } : {}), ...(alt ? { alt } : {}) };
}

function checkEmphasis(check: Checker, value: Json, place: string, text: string): Emphasis[] | undefined {
  if (!Array.isArray(value)) {
    check.report(place, `Invalid type for ${place}. Expected: array. Received: ${kindOf(value)}.`);
    return undefined;
  }
  const spans: Emphasis[] = [];
  value.forEach((item, i) => {
    const at = `${place}[${i}]`;
    const fields = check.object(item, at, ['start', 'end', 'style']);
    if (!fields) return;
    const { start, end, style } = fields;
    if (
      !Number.isInteger(start) ||
      !Number.isInteger(end) ||
      (start as number) < 0 ||
      (end as number) > text.length ||
      (start as number) >= (end as number)
    ) {
      check.report(
        at,
        `Invalid value for ${at}. Allowed: whole numbers with 0 <= start < end <= ${text.length} (the text's length). Received: start ${JSON.stringify(start)}, end ${JSON.stringify(end)}.`,
      );
      return;
    }
    if (!EMPHASIS_STYLES.includes(style as string)) {
      check.report(
        `${at}.style`,
        `Invalid value for ${at}.style. Allowed: ${quoteList(EMPHASIS_STYLES)}. Received: ${JSON.stringify(style)}.`,
      );
      return;
    }
    spans.push({ start: start as number, end: end as number, style: style as Emphasis['style'] });
  });
  return spans;
}

function checkEvent(check: Checker, value: Json, place: string, actorIds: readonly string[] | undefined): TimelineEvent | undefined {
  const fields = check.object(value, place, EVENT_FIELDS);
  if (!fields) return undefined;
  const date = check.date(fields, 'date', place, true);
  const actor = check.text(fields, 'actor', place, true);
  const text = check.text(fields, 'text', place, true);
  const headline = check.text(fields, 'headline', place, false);
  const media = fields.media === undefined ? undefined : checkMedia(check, fields.media, `${place}.media`);
  const emphasis =
    fields.emphasis === undefined || text === undefined ? undefined : checkEmphasis(check, fields.emphasis, `${place}.emphasis`, text);
  const range = date === undefined ? undefined : checkRange(check, fields, place, date);
  if (actor !== undefined && actorIds && !actorIds.includes(actor)) {
    check.report(
      `${place}.actor`,
      `Invalid value for ${place}.actor. Allowed: ${quoteList(actorIds)}. Received: ${JSON.stringify(actor)}.`,
    );
    return undefined;
  }
  if (date === undefined || actor === undefined || text === undefined || !range) return undefined;
  return {
    date,
    range,
    actor,
    text,
    ...(headline ? { headline } : {}),
    ...(emphasis?.length ? { emphasis } : {}),
    ...(media ? { media } : {}),
  };
}

function checkActors(check: Checker, values: Json[]): Actor[] {
  const actors: Actor[] = [];
  values.forEach((value, i) => {
    const actor = checkActor(check, value, `actors[${i}]`);
    if (!actor) return;
    if (actors.some((a) => a.id === actor.id)) {
      check.report(`actors[${i}].id`, `Duplicate actor id ${JSON.stringify(actor.id)} at actors[${i}].id.`);
      return;
    }
    actors.push(actor);
  });
  if (values.length === 0) check.report('actors', 'Empty list actors. Expected: at least one actor.');
  return actors;
}

/**
 * Checks a parsed native timeline and returns it typed, or every problem found with its field path.
 * Field paths read like `events[3].actor`.
 */
export function validateTimeline(value: Json): { timeline?: Timeline; diagnostics: Diagnostic[] } {
  const check = new Checker();
  const fields = check.object(value, '', TOP_FIELDS);
  if (!fields) return { diagnostics: check.diagnostics };
  const title = check.text(fields, 'title', '', true);
  const optional = Object.fromEntries(
    (['dek', 'credit', 'source'] as const).map((key) => [key, check.text(fields, key, '', false)]),
  ) as Pick<Timeline, 'dek' | 'credit' | 'source'>;
  const actorValues = check.list(fields, 'actors');
  const actors = actorValues ? checkActors(check, actorValues) : [];
  const eventValues = check.list(fields, 'events');
  const actorIds = actorValues && actors.length === actorValues.length ? actors.map((a) => a.id) : undefined;
  const events = (eventValues ?? []).map((v, i) => checkEvent(check, v, `events[${i}]`, actorIds));
  if (eventValues && eventValues.length === 0) check.report('events', 'Empty list events. Expected: at least one event.');
  const photo = fields.photo === undefined ? undefined : checkMedia(check, fields.photo, 'photo');
  const updated = check.text(fields, 'updated', '', false);
  if (updated !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(updated)) {
    check.report('updated', `Invalid value for updated. Allowed: a date as YYYY-MM-DD. Received: ${JSON.stringify(updated)}.`);
  }
  const theme = fields.theme === undefined ? undefined : validateTheme(fields.theme, 'theme');
  check.diagnostics.push(...(theme?.diagnostics ?? []));
  if (check.diagnostics.length > 0 || title === undefined) return { diagnostics: check.diagnostics };
  const timeline: Timeline = { title, actors, events: events as TimelineEvent[] };
  if (theme?.overrides) timeline.theme = theme.overrides;
  if (updated !== undefined) timeline.updated = updated;
  if (photo) timeline.photo = photo;
  for (const [key, text] of Object.entries(optional)) {
    if (text !== undefined && text.trim() !== '') timeline[key as 'dek'] = text;
  }
  return { timeline, diagnostics: [] };
}
