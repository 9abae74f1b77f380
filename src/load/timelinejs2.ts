import type { SlideDate, SlideDeck, SlideField, SlideMedia } from './timelinejs.ts';

type Fields = Record<string, unknown>;

/** True for a TimelineJS 2 document: `{"timeline": {"date": [...]}}`. */
export function isTimelineJs2(value: unknown): boolean {
  const timeline = (value as Fields | null)?.timeline as Fields | undefined;
  return typeof timeline === 'object' && timeline !== null && Array.isArray(timeline.date);
}

const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** "2012,1,26", "2012,1,26,14,30" or "-5000": year, month, day, hour, minute as TimelineJS 2 wrote them. */
function legacyDate(value: unknown): SlideDate | undefined {
  const written = text(value)?.trim();
  if (!written) return undefined;
  const [year, month, day, hour, minute, second] = written.split(',').map((part) => part.trim());
  return { year, month, day, hour, minute, second };
}

function legacyMedia(value: unknown): SlideMedia {
  const asset = (value ?? {}) as Fields;
  return { url: text(asset.media), credit: text(asset.credit), caption: text(asset.caption) };
}

const LEGACY_FIELDS: Record<SlideField, string> = {
  start: 'startDate',
  end: 'endDate',
  display: 'startDate',
  headline: 'headline',
  text: 'text',
  group: 'tag',
  media: 'asset.media',
  caption: 'asset.caption',
  credit: 'asset.credit',
};

/**
 * The slides of a TimelineJS 2 document: `timeline.headline`, `text` and `asset` are the title
 * slide; each of `timeline.date[]` has `startDate` ("2012,1,26"), `endDate`, `headline`, `text`,
 * `asset` {media, credit, caption} and `tag` (its group). Eras (`timeline.era`) are skipped.
 */
export function legacyDeck(value: Fields): SlideDeck {
  const timeline = value.timeline as Fields;
  const slides = (timeline.date as unknown[]).map((item, i) => {
    const d = (item ?? {}) as Fields;
    return {
      start: legacyDate(d.startDate),
      end: legacyDate(d.endDate),
      headline: text(d.headline),
      text: text(d.text),
      group: text(d.tag),
      media: legacyMedia(d.asset),
      place: (field: SlideField) => `timeline.date[${i}].${LEGACY_FIELDS[field]}`,
    };
  });
  return {
    title: { headline: text(timeline.headline), text: text(timeline.text), media: legacyMedia(timeline.asset) },
    titlePlace: (field) => `timeline.${LEGACY_FIELDS[field]}`,
    slides,
    eras: Array.isArray(timeline.era) ? timeline.era.length : 0,
  };
}
