import { createRequire } from 'node:module';
import type { parse as Parse } from 'csv-parse/sync';
import { InputError } from '../errors.ts';
import type { DatePart, Slide, SlideDeck } from './timelinejs.ts';

/** The TimelineJS sheet's columns, as the template names them. */
export const SHEET_COLUMNS = ['Year', 'Month', 'Day', 'Time', 'End Year', 'End Month', 'End Day', 'End Time', 'Display Date',
  'Headline', 'Text', 'Media', 'Media Credit', 'Media Caption', 'Media Thumbnail', 'Type', 'Group', 'Background'] as const;
type Column = (typeof SHEET_COLUMNS)[number];
const REQUIRED: Column[] = ['Year', 'Headline', 'Text'];

interface Record {
  record: string[];
  info: { lines: number };
}

const DATE_COLUMNS: { [F in 'start' | 'end']: { [P in DatePart]: Column } } = {
  start: { year: 'Year', month: 'Month', day: 'Day' },
  end: { year: 'End Year', month: 'End Month', day: 'End Day' },
};

function placeColumn(field: 'start' | 'end' | 'text' | 'group', part: DatePart | undefined): Column {
  if (field === 'text') return 'Text';
  if (field === 'group') return 'Group';
  return DATE_COLUMNS[field][part ?? 'year'];
}

/**
 * The line each record starts on, and where an unclosed quote opens. csv-parse reports the
 * line a record ends on (and counts a CRLF inside quotes twice), which misplaces messages
 * about rows whose fields hold line breaks.
 */
export function recordLines(text: string): { starts: number[]; openQuote?: string } {
  const starts: number[] = [];
  let [line, column, inQuotes, recordStart] = [1, 1, false, true];
  let quoteAt = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (recordStart && c !== '\n' && c !== '\r') {
      starts.push(line);
      recordStart = false;
    }
    if (inQuotes && c === '"') {
      if (text[i + 1] === '"') {
        i++;
        column++;
      } else inQuotes = false;
    } else if (!inQuotes && c === '"') {
      inQuotes = true;
      quoteAt = `${line}:${column}`;
    } else if (!inQuotes && c === '\n') recordStart = true;
    if (c === '\n') [line, column] = [line + 1, 1];
    else if (c !== '\r') column++;
  }
  return inQuotes ? { starts, openQuote: quoteAt } : { starts };
}

/**
 * A TimelineJS spreadsheet saved as CSV (csv-parse: quotes, commas and newlines in fields,
 * a byte-order mark, CRLF). Columns are matched by header name in any order and case; each
 * field is placed as line:column for messages.
 */
export function csvDeck(text: string, file: string): SlideDeck {
  const lines = recordLines(text.replace(/^\uFEFF/, ''));
  if (lines.openQuote) throw new InputError(file, [{ place: lines.openQuote, message: 'Invalid CSV. This quote is never closed: the rest of the file would be one field.' }]);
  // Loaded on first use: most inputs are not CSV.
  const { parse } = createRequire(import.meta.url)('csv-parse/sync') as { parse: typeof Parse };
  let rows: Record[];
  try {
    rows = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as Record[];
  } catch (error) {
    const e = error as Error & { lines?: number; column?: number };
    throw new InputError(file, [{ place: `${e.lines ?? 1}:${(e.column ?? 0) + 1}`, message: `Invalid CSV. ${e.message.replace(/^Invalid [^:]*: /, '')}` }]);
  }
  const [header, ...body] = rows;
  const names = (header?.record ?? []).map((h) => h.trim().toLowerCase());
  const index = (column: Column) => names.indexOf(column.toLowerCase());
  const missing = REQUIRED.filter((c) => index(c) < 0);
  if (!header || missing.length > 0) {
    throw new InputError(file, [{ place: '1:1', message: `Missing column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}. Expected: the TimelineJS sheet's header row (${SHEET_COLUMNS.join(', ')}). Received: ${header ? header.record.join(', ') : 'nothing'}.` }]);
  }
  const deck: SlideDeck = { slides: [], eras: 0 };
  body.forEach(({ record, info }, k) => {
    const startLine = lines.starts[k + 1] ?? info.lines;
    const cell = (column: Column) => {
      const i = index(column);
      const value = i < 0 ? undefined : record[i]?.trim();
      return value === '' ? undefined : value;
    };
    const type = cell('Type')?.toLowerCase();
    if (type === 'title') {
      deck.title = { headline: cell('Headline'), text: cell('Text'), media: { url: cell('Media'), credit: cell('Media Credit'), caption: cell('Media Caption') } };
    } else if (type === 'era') {
      deck.eras++;
    } else if (record.some((v) => v.trim() !== '')) {
      const column = (name: Column) => `${startLine}:${Math.max(0, index(name)) + 1}`;
      const slide: Slide = {
        start: { year: cell('Year'), month: cell('Month'), day: cell('Day') },
        end: { year: cell('End Year'), month: cell('End Month'), day: cell('End Day') },
        displayDate: cell('Display Date'), headline: cell('Headline'), text: cell('Text'), group: cell('Group'),
        media: { url: cell('Media'), credit: cell('Media Credit'), caption: cell('Media Caption') },
        place: (field, part) => column(placeColumn(field, part)),
      };
      deck.slides.push(slide);
    }
  });
  return deck;
}
