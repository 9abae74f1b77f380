import { createRequire } from 'node:module';
import type { parse as Parse } from 'csv-parse/sync';
import { InputError } from '../errors.ts';
import { defaultActors } from '../model/actors.ts';
import { DATE_FORMS_HELP, parseDate, type DayOrder } from '../model/dates.ts';
import type { Diagnostic, Emphasis, Timeline, TimelineEvent } from '../model/types.ts';
import { htmlToText } from './html.ts';
import {
  fromSlides,
  UNGROUPED,
  type DatePart,
  type DeckOptions,
  type ReadDeck,
  type Slide,
  type SlideDeck,
  type SlideField,
} from './timelinejs.ts';

/** The TimelineJS sheet's columns, as the template names them. */
export const SHEET_COLUMNS = [
  'Year',
  'Month',
  'Day',
  'Time',
  'End Year',
  'End Month',
  'End Day',
  'End Time',
  'Display Date',
  'Headline',
  'Text',
  'Media',
  'Media Credit',
  'Media Caption',
  'Media Thumbnail',
  'Type',
  'Group',
  'Background',
] as const;
type Column = (typeof SHEET_COLUMNS)[number];
const REQUIRED: Column[] = ['Year', 'Headline', 'Text'];

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

const DATE_COLUMNS: { [F in 'start' | 'end']: { [P in DatePart]: Column } } = {
  start: { year: 'Year', month: 'Month', day: 'Day', hour: 'Time', minute: 'Time', second: 'Time', time: 'Time' },
  end: { year: 'End Year', month: 'End Month', day: 'End Day', hour: 'End Time', minute: 'End Time', second: 'End Time', time: 'End Time' },
};

const FIELD_COLUMNS: Record<Exclude<SlideField, 'start' | 'end'>, Column> = {
  display: 'Display Date',
  headline: 'Headline',
  text: 'Text',
  group: 'Group',
  media: 'Media',
  caption: 'Media Caption',
  credit: 'Media Credit',
};

function placeColumn(field: SlideField, part: DatePart | undefined): Column {
  return field === 'start' || field === 'end' ? DATE_COLUMNS[field][part ?? 'year'] : FIELD_COLUMNS[field];
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

/** A CSV file's rows: the header's names and each row's cells with the line it starts on. */
interface Table {
  header: string[];
  rows: Array<{ cells: string[]; line: number }>;
}

/** Parses CSV (csv-parse: quotes, commas and newlines in fields, a byte-order mark, CRLF); syntax errors name line:column. */
function readTable(text: string, file: string): Table {
  const lines = recordLines(text.replace(/^\uFEFF/, ''));
  if (lines.openQuote)
    throw new InputError(file, [
      { place: lines.openQuote, message: 'Invalid CSV. This quote is never closed: the rest of the file would be one field.' },
    ]);
  // Loaded on first use: most inputs are not CSV.
  const { parse } = createRequire(import.meta.url)('csv-parse/sync') as { parse: typeof Parse };
  let records: CsvRecord[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as CsvRecord[];
  } catch (error) {
    const e = error as Error & { lines?: number; column?: number };
    throw new InputError(file, [
      { place: `${e.lines ?? 1}:${(e.column ?? 0) + 1}`, message: `Invalid CSV. ${e.message.replace(/^Invalid [^:]*: /, '')}` },
    ]);
  }
  const [header, ...body] = records;
  return {
    header: (header?.record ?? []).map((h) => h.trim()),
    rows: body.map(({ record, info }, k) => ({ cells: record, line: lines.starts[k + 1] ?? info.lines })),
  };
}

/** True when the header is the TimelineJS sheet's: Year, Headline and Text columns. */
function isSheet(header: readonly string[]): boolean {
  const names = header.map((h) => h.toLowerCase());
  return REQUIRED.every((c) => names.includes(c.toLowerCase()));
}

/**
 * A TimelineJS spreadsheet's rows as slides. Columns are matched by header name in any order
 * and case; each field is placed as line:column for messages.
 */
function sheetDeck(table: Table): SlideDeck {
  const names = table.header.map((h) => h.toLowerCase());
  const index = (column: Column) => names.indexOf(column.toLowerCase());
  const deck: SlideDeck = { slides: [], eras: 0 };
  for (const { cells, line } of table.rows) {
    const cell = (column: Column) => {
      const i = index(column);
      const value = i < 0 ? undefined : cells[i]?.trim();
      return value === '' ? undefined : value;
    };
    const place = (field: SlideField, part?: DatePart) => `${line}:${Math.max(0, index(placeColumn(field, part))) + 1}`;
    const media = { url: cell('Media'), credit: cell('Media Credit'), caption: cell('Media Caption') };
    const type = cell('Type')?.toLowerCase();
    if (type === 'title') {
      deck.title = { headline: cell('Headline'), text: cell('Text'), media };
      deck.titlePlace = (field) => place(field);
    } else if (type === 'era') {
      deck.eras++;
    } else if (cells.some((v) => v.trim() !== '')) {
      const slide: Slide = {
        start: { year: cell('Year'), month: cell('Month'), day: cell('Day'), time: cell('Time') },
        end: { year: cell('End Year'), month: cell('End Month'), day: cell('End Day'), time: cell('End Time') },
        displayDate: cell('Display Date'),
        headline: cell('Headline'),
        text: cell('Text'),
        group: cell('Group'),
        media,
        place,
      };
      deck.slides.push(slide);
    }
  }
  return deck;
}

/** The roles a plain CSV's columns play, and the header names each is known by. */
export type ColumnRole = 'date' | 'end' | 'headline' | 'text' | 'actor';
export const COLUMN_ROLES: readonly ColumnRole[] = ['date', 'end', 'headline', 'text', 'actor'];
const ROLE_NAMES: { [R in ColumnRole]: string[] } = {
  date: ['date', 'when', 'year', 'start', 'start date', 'datum', 'fecha', 'дата'],
  end: ['end', 'end date', 'until'],
  headline: ['headline', 'title', 'head'],
  text: ['event', 'text', 'description', 'desc', 'what', 'details', 'summary', 'body', 'events', 'html', 'content'],
  actor: ['actor', 'group', 'side', 'who', 'party'],
};

export interface CsvOptions {
  /** Which header names the columns: `{ date: 'When', text: 'What' }`. */
  columns?: Partial<Record<ColumnRole, string>>;
  dateOrder?: DayOrder;
}

/** `--columns date=When,text=What` as roles and header names; undefined when it names no role or an unknown one. */
export function parseColumns(written: string): CsvOptions['columns'] | undefined {
  const pairs = written.split(',').map((pair) => /^\s*([a-z]+)\s*=\s*(\S(?:.*\S)?)\s*$/i.exec(pair));
  if (pairs.length === 0 || pairs.some((p) => !p || !COLUMN_ROLES.includes(p[1]!.toLowerCase() as ColumnRole))) return undefined;
  return Object.fromEntries(pairs.map((p) => [p![1]!.toLowerCase(), p![2]!]));
}

function roleColumns(header: readonly string[], file: string, columns: CsvOptions['columns'] = {}): Partial<Record<ColumnRole, number>> {
  const names = header.map((h) => h.toLowerCase());
  const found: Partial<Record<ColumnRole, number>> = {};
  for (const role of COLUMN_ROLES) {
    const given = columns[role];
    const at = given !== undefined ? names.indexOf(given.trim().toLowerCase()) : names.findIndex((n) => ROLE_NAMES[role].includes(n));
    if (given !== undefined && at < 0) {
      throw new InputError(file, [
        {
          place: '1:1',
          message: `Invalid value for --columns ${role}. Allowed: a column of the header (${header.join(', ')}). Received: ${JSON.stringify(given)}.`,
        },
      ]);
    }
    if (at >= 0) found[role] = at;
  }
  return found;
}

const MAX_ROW_PROBLEMS = 10;

/** A cell's words: HTML (a scraped page's cells often are) becomes text with its paragraphs. */
function cellText(value: string): { text: string; emphasis: Emphasis[] } {
  return /<[a-z][^>]*>/i.test(value) ? htmlToText(value, { paragraphs: true }) : { text: value, emphasis: [] };
}

/** One row of a plain table as an event, or what keeps it from being one. */
function rowEvent(
  cell: (role: ColumnRole) => string,
  order: DayOrder | undefined,
): TimelineEvent | { missing: 'date' | 'text' } | { unreadable: 'date' | 'end' } {
  const written = cell('date');
  if (written === '') return { missing: 'date' };
  const start = parseDate(written, { order });
  if (!start) return { unreadable: 'date' };
  const end = cell('end') ? parseDate(cell('end'), { order }) : start;
  if (!end) return { unreadable: 'end' };
  const headline = cellText(cell('headline')).text;
  const body = cellText(cell('text'));
  if (!headline && !body.text) return { missing: 'text' };
  const event: TimelineEvent = {
    date: cell('end') ? `${written} – ${cell('end')}` : written,
    range: { ...start, end: end.end, ...(end.endTime ? { endTime: end.endTime } : {}) },
    actor: cell('actor') || UNGROUPED,
    text: body.text || headline,
  };
  if (body.text && headline) event.headline = headline;
  if (body.text && body.emphasis.length > 0) event.emphasis = body.emphasis;
  return event;
}

/**
 * A CSV that is not the TimelineJS sheet: one row per event, a date column and a text column
 * found by their header names (or named by `columns`), an optional end, headline and actor.
 */
function plainTimeline(table: Table, file: string, warnings: string[], options: CsvOptions & DeckOptions): ReadDeck {
  const at = roleColumns(table.header, file, options.columns);
  if (at.date === undefined || (at.text === undefined && at.headline === undefined)) {
    const [role, names] = at.date === undefined ? ['date', 'date, when or year'] : ['text', 'event, text, description or headline'];
    throw new InputError(file, [
      {
        place: '1:1',
        message: `No ${role} column. Expected: a column named ${names}, or one named with --columns ${role}=NAME. Received: ${table.header.join(', ') || 'nothing'}.`,
      },
    ]);
  }
  const used = new Set(Object.values(at));
  const unread = table.header.filter((h, i) => !used.has(i) && h !== '');
  if (unread.length > 0) warnings.push(`${file}: warning: column${unread.length === 1 ? '' : 's'} not read: ${unread.join(', ')}.`);
  const problems: Diagnostic[] = [];
  const events: TimelineEvent[] = [];
  const eventLines: number[] = [];
  const skipped = { date: [] as number[], text: [] as number[] };
  for (const { cells, line } of table.rows) {
    if (cells.every((c) => c.trim() === '')) continue;
    const cell = (role: ColumnRole) => (at[role] === undefined ? '' : (cells[at[role]!]?.trim() ?? ''));
    const read = rowEvent(cell, options.dateOrder);
    if ('missing' in read) skipped[read.missing].push(line);
    else if ('unreadable' in read) {
      const role = read.unreadable;
      problems.push({
        place: `${line}:${at[role]! + 1}`,
        message: `Invalid value for the ${table.header[at[role]!]} column. Allowed: ${DATE_FORMS_HELP}. Received: ${JSON.stringify(cell(role))}.`,
      });
    } else {
      events.push(read);
      eventLines.push(line);
    }
  }
  if (problems.length > MAX_ROW_PROBLEMS) {
    const more = problems.length - MAX_ROW_PROBLEMS;
    problems.splice(MAX_ROW_PROBLEMS, more, { message: `…and ${more} more rows with a date that cannot be read.` });
  }
  if (problems.length > 0) throw new InputError(file, problems);
  if (events.length === 0) throw new InputError(file, [{ message: 'No events. Expected: rows with a date and a text.' }]);
  for (const [what, lines] of Object.entries(skipped)) {
    if (lines.length === 0) continue;
    const rows = `${lines.length} row${lines.length === 1 ? '' : 's'}`;
    warnings.push(
      `${file}: warning: skipped ${rows} with no ${what}: line${lines.length === 1 ? '' : 's'} ${lines.slice(0, 5).join(', ')}${lines.length > 5 ? ', …' : ''}.`,
    );
  }
  const title = options.title?.trim() || options.fallbackTitle;
  if (!options.title?.trim())
    warnings.push(`${file}: warning: a CSV has no title; the title "${title}" is made from the file name (--title sets one).`);
  const timeline: Timeline = { title, actors: defaultActors([...new Set(events.map((e) => e.actor))]), events };
  if (options.dek?.trim()) timeline.dek = options.dek.trim();
  const columnOf: Record<string, ColumnRole> = { date: 'date', start: 'date', end: 'end', headline: 'headline', actor: 'actor' };
  const sourcePlace = (place: string) => {
    const m = /^events\[(\d+)\](?:\.(\w+))?/.exec(place);
    const line = m ? eventLines[Number(m[1])] : undefined;
    const role = columnOf[m?.[2] ?? ''] ?? (at.text === undefined ? 'headline' : 'text');
    if (line !== undefined && m?.[2] === undefined) return `line ${line}`;
    return line === undefined || at[role] === undefined ? place : `${line}:${at[role]! + 1}`;
  };
  return { timeline, sourcePlace };
}

/**
 * A CSV file: the TimelineJS sheet (its Year, Headline and Text columns), else a plain table
 * of one event per row with a date and a text column (say which with `columns`).
 */
export function readCsv(text: string, file: string, warnings: string[], options: CsvOptions & DeckOptions): ReadDeck & { sheet: boolean } {
  const table = readTable(text, file);
  if (table.header.length === 0)
    throw new InputError(file, [{ place: '1:1', message: 'The CSV has no header row. Expected: column names such as date, event.' }]);
  if (!options.columns && isSheet(table.header)) return { ...fromSlides(sheetDeck(table), file, warnings, options), sheet: true };
  const names = table.header.map((h) => h.toLowerCase());
  const sheetColumns = SHEET_COLUMNS.filter((c) => names.includes(c.toLowerCase()));
  // Most of the sheet's columns but not all it needs: a sheet with a column lost, not a plain table.
  if (!options.columns && sheetColumns.length >= 4) {
    const missing = REQUIRED.filter((c) => !sheetColumns.includes(c));
    throw new InputError(file, [
      {
        place: '1:1',
        message: `Missing column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}. Expected: the TimelineJS sheet's header row (${SHEET_COLUMNS.join(', ')}). Received: ${table.header.join(', ')}.`,
      },
    ]);
  }
  return { ...plainTimeline(table, file, warnings, options), sheet: false };
}
