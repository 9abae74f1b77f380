import type { DateRange } from './types.ts';

/** How a numeric date like 9/11/2001 is read: month first (US) or day first (most of the world). */
export type DayOrder = 'mdy' | 'dmy';
export const DAY_ORDERS: readonly DayOrder[] = ['mdy', 'dmy'];

export interface DateOptions {
  order?: DayOrder;
}

/**
 * Month names in English, French, German and Spanish. Any start of three letters or more is
 * read ("Sept.", "janv.", "Okt.", "dic."), as long as it names one month only.
 */
const MONTH_NAMES: readonly string[][] = [
  ['january', 'janvier', 'januar', 'jänner', 'enero'],
  ['february', 'février', 'fevrier', 'februar', 'febrero'],
  ['march', 'mars', 'märz', 'maerz', 'marzo'],
  ['april', 'avril', 'abril'],
  ['may', 'mai', 'mayo'],
  ['june', 'juin', 'juni', 'junio'],
  ['july', 'juillet', 'juli', 'julio'],
  ['august', 'août', 'aout', 'agosto'],
  ['september', 'septembre', 'septiembre', 'setiembre'],
  ['october', 'octobre', 'oktober', 'octubre'],
  ['november', 'novembre', 'noviembre'],
  ['december', 'décembre', 'decembre', 'dezember', 'diciembre'],
];
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** Russian month stems: they cover the nominative ("октябрь") and the genitive ("4 октября"). */
const RUSSIAN_MONTHS = ['январ', 'феврал', 'март', 'апрел', 'ма[йя]', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр'];

/** Meteorological seasons (northern hemisphere), as first and last month; winter runs into the next year. */
const SEASONS: Record<string, [number, number]> = {
  spring: [3, 5],
  summer: [6, 8],
  fall: [9, 11],
  autumn: [9, 11],
  winter: [12, 14],
  весна: [3, 5],
  весной: [3, 5],
  лето: [6, 8],
  летом: [6, 8],
  осень: [9, 11],
  осенью: [9, 11],
  зима: [12, 14],
  зимой: [12, 14],
};

/** "Early 2019" is January to April, "Mid-2020" May to August, "Late 2021" September to December. */
const YEAR_PARTS: Array<[RegExp, [number, number]]> = [
  [/^(early|début|debut|anfang|principios de|inicios de|comienzos de)$/i, [1, 4]],
  [/^(mid|mi|mitte|mediados de)$/i, [5, 8]],
  [/^(late|fin|ende|finales de|fines de)$/i, [9, 12]],
];

const WEEKDAYS =
  /^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)\.?,?\s+/iu;
/** A time zone after a date or time ("Jan 11 2012 CST"): the day is read as written. */
const TIME_ZONE = /\s+(UTC|GMT|[ECMP][SD]T|CET|CEST|BST|MSK)$/;
const CIRCA = /^(c\.|ca\.|circa|about|around|approx\.|vers|um|hacia)\s*/i;

function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const matches = new Set(MONTH_NAMES.flatMap((names, i) => (names.some((n) => n.startsWith(w)) ? [i + 1] : [])));
  if (matches.size === 1) return [...matches][0];
  if (matches.size > 1) return undefined;
  const russian = RUSSIAN_MONTHS.findIndex((stem) => new RegExp(`^${stem}[а-я]*$`).test(w));
  return russian < 0 ? undefined : russian + 1;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A day as `YYYY-MM-DD`; years before 1000 are padded ("0602"), years BCE are negative ("-5410"). */
function iso(year: number, month: number, day: number): string {
  // Months past 12 (a winter's January and February) roll into the next year.
  const y = year + Math.floor((month - 1) / 12);
  const m = ((month - 1) % 12) + 1;
  return `${y < 0 ? '-' : ''}${String(Math.abs(y)).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Year, month and day of a day as `YYYY-MM-DD` (the year may be negative or longer than four digits). */
export function dayParts(day: string): [number, number, number] {
  const m = /^(-?\d+)-(\d{2})-(\d{2})$/.exec(day);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
}

function monthsRange(year: number, first: number, last: number): DateRange {
  const lastYear = year + Math.floor((last - 1) / 12);
  const lastMonth = ((last - 1) % 12) + 1;
  return { start: iso(year, first, 1), end: iso(lastYear, lastMonth, daysInMonth(lastYear, lastMonth)) };
}

function dayRange(year: number, month: number, day: number): DateRange | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const d = iso(year, month, day);
  return { start: d, end: d };
}

/** The days a year, a month of a year or one day stands for; undefined for a month or day that does not exist. */
export function calendarRange(year: number, month?: number, day?: number): DateRange | undefined {
  if (month === undefined) return monthsRange(year, 1, 12);
  if (month < 1 || month > 12) return undefined;
  return day === undefined ? monthsRange(year, month, month) : dayRange(year, month, day);
}

/** The range from the start of `from` to the end of `to`; undefined when `to` ends before `from` begins. */
function span(from: DateRange | undefined, to: DateRange | undefined): DateRange | undefined {
  if (!from || !to || endsBefore(to, from)) return undefined;
  return { start: from.start, end: to.end };
}

/** A year as written: "2019", "602", "44 BC", "5410 BCE", "AD 79", "13,800,000,000 BCE". */
const BC = '(?:BCE|BC|B\\.C\\.E\\.|B\\.C\\.|v\\.\\s?Chr\\.|av\\.\\s?J\\.-C\\.|a\\.\\s?C\\.)';
const YEAR = `((?:AD|A\\.D\\.)\\s*\\d{1,4}|\\d{1,3}(?:,\\d{3})+\\s*${BC}|\\d{1,12}\\s*(?:${BC}|CE|AD|A\\.D\\.|n\\.\\s?Chr\\.)|\\d{3,12})`;
/** Russian dates may end "1957 г." or "1957 года"; Spanish ones "de 1975". */
const RU_YEAR = '(?:\\s*(?:г\\.|года?))?';
const MONTH_WORD = '(\\p{L}+\\.?)';

function yearNumber(written: string): number {
  const digits = Number(written.replace(/[^\d]/g, ''));
  return /B\.?C|v\.\s?Chr|av\.|a\.\s?C/i.test(written) ? -digits : digits;
}

type DateForm = [RegExp, (m: RegExpMatchArray, options: DateOptions) => DateRange | undefined];

const month = (word: string, year: string, from = 0, to = from) => {
  const n = monthNumber(word);
  return n ? monthsRange(yearNumber(year), n + from, n + to) : undefined;
};

/** Forms that stand for one stretch of time; spans ("1957 – 1969") are built from two of them. */
const FORMS: DateForm[] = [
  [/^(-?\d{4,})-(\d{2})-(\d{2})$/, (m) => dayRange(+m[1]!, +m[2]!, +m[3]!)],
  [/^(-?\d{4,})-(\d{2})$/, (m) => (+m[2]! >= 1 && +m[2]! <= 12 ? monthsRange(+m[1]!, +m[2]!, +m[2]!) : undefined)],
  [new RegExp(`^${YEAR}${RU_YEAR}$`, 'u'), (m) => monthsRange(yearNumber(m[1]!), 1, 12)],
  [
    /^(?:the\s+)?(\d{2,3})0'?s$/i,
    (m) => {
      // "1990s" is a decade; "1800s" a century (but "2000s" the decade).
      const start = +m[1]! * 10;
      const century = start % 100 === 0 && start !== 2000;
      return span(monthsRange(start, 1, 12), monthsRange(start + (century ? 99 : 9), 1, 12));
    },
  ],
  [
    new RegExp(`^(\\p{L}+(?: de)?)[- ]${YEAR}$`, 'iu'),
    (m) => {
      const part = YEAR_PARTS.find(([word]) => word.test(m[1]!));
      return part ? monthsRange(yearNumber(m[2]!), part[1][0], part[1][1]) : undefined;
    },
  ],
  [
    new RegExp(`^${MONTH_WORD},?(?: de)? ${YEAR}${RU_YEAR}$`, 'iu'),
    (m) => {
      const season = SEASONS[m[1]!.toLowerCase()];
      return season ? monthsRange(yearNumber(m[2]!), season[0], season[1]) : month(m[1]!, m[2]!);
    },
  ],
  [
    new RegExp(`^${MONTH_WORD} (\\d{1,2})(?:st|nd|rd|th)?,? ${YEAR}$`, 'iu'),
    (m) => {
      const n = monthNumber(m[1]!);
      return n ? dayRange(yearNumber(m[3]!), n, +m[2]!) : undefined;
    },
  ],
  [
    new RegExp(`^(\\d{1,2})(?:\\.|er|º|°)? (?:de )?${MONTH_WORD},?(?: de)? ${YEAR}${RU_YEAR}$`, 'iu'),
    (m) => {
      const n = monthNumber(m[2]!);
      return n ? dayRange(yearNumber(m[3]!), n, +m[1]!) : undefined;
    },
  ],
  // "Dec. 13-15, 2019" and "13-15 December 2019".
  [
    new RegExp(`^${MONTH_WORD} (\\d{1,2})\\s*[-–]\\s*(\\d{1,2}),? ${YEAR}$`, 'iu'),
    (m) => {
      const n = monthNumber(m[1]!);
      return n ? span(dayRange(yearNumber(m[4]!), n, +m[2]!), dayRange(yearNumber(m[4]!), n, +m[3]!)) : undefined;
    },
  ],
  [
    new RegExp(
      `^(\\d{1,2})\\.?\\s*(?:[-–]|\\s(?:et|and|und|y|bis|au)\\s)\\s*(\\d{1,2})\\.? (?:de )?${MONTH_WORD},?(?: de)? ${YEAR}$`,
      'iu',
    ),
    (m) => {
      const n = monthNumber(m[3]!);
      return n ? span(dayRange(yearNumber(m[4]!), n, +m[1]!), dayRange(yearNumber(m[4]!), n, +m[2]!)) : undefined;
    },
  ],
  // "April-May 1945", "Dec. 2019 – Jan. 2020" comes as a span.
  [
    new RegExp(`^${MONTH_WORD}\\s*[-–]\\s*${MONTH_WORD},? ${YEAR}$`, 'iu'),
    (m) => {
      const [first, last] = [monthNumber(m[1]!), monthNumber(m[2]!)];
      return first && last && last > first ? monthsRange(yearNumber(m[3]!), first, last) : undefined;
    },
  ],
  [
    /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/,
    (m, options) => (options.order === 'dmy' ? dayRange(+m[3]!, +m[2]!, +m[1]!) : dayRange(+m[3]!, +m[1]!, +m[2]!)),
  ],
  [/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, (m) => dayRange(+m[3]!, +m[2]!, +m[1]!)],
  [/^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, (m) => dayRange(+m[1]!, +m[2]!, +m[3]!)],
  // "2019-2020", "2022-23", "1939–45".
  [
    /^(\d{3,4})\s*[-–—/]\s*(\d{2}|\d{3,4})$/,
    (m) => {
      const first = +m[1]!;
      const second = m[2]!.length === 2 ? Math.floor(first / 100) * 100 + +m[2]! : +m[2]!;
      return second > first ? span(monthsRange(first, 1, 12), monthsRange(second, 1, 12)) : undefined;
    },
  ],
];

/** AP style clock times: "8:30 p.m.", "9 a.m.", "noon", "midnight"; also 24-hour "20:30". */
const TIME =
  /^(.*?),?\s+(?:at\s+|à\s+|um\s+|a las\s+)?(?:(noon|midnight)|(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?:\s*(?:Uhr|h))?)$/i;

function clock(hour: number, minute: number, second: number): string | undefined {
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return [hour, minute, second].map((n) => String(n).padStart(2, '0')).join(':');
}

/** A clock time as written alone ("8:30 PM", "20:30", "8:30:15 p.m.", "noon") as `HH:MM:SS`. */
export function clockTime(written: string): string | undefined {
  return withTime(`2000-01-01, ${written.trim()}`, {})?.startTime;
}

/** A day and the clock time written after it: "March 3, 2019, 8:30 p.m.", "2019-03-03T20:30". */
function withTime(text: string, options: DateOptions): DateRange | undefined {
  const isoMatch = /^(-?\d{4,}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (isoMatch) {
    const time = clock(+isoMatch[2]!, +isoMatch[3]!, +(isoMatch[4] ?? 0));
    const day = oneForm(isoMatch[1]!, options);
    return day && time ? { ...day, startTime: time } : undefined;
  }
  const m = TIME.exec(text);
  if (!m || (!m[2] && !m[4] && !m[6])) return undefined;
  let time: string | undefined;
  if (m[2]) time = m[2].toLowerCase() === 'noon' ? '12:00:00' : '00:00:00';
  else {
    const hour = +m[3]!;
    const meridiem = m[6]?.toLowerCase()[0];
    if (meridiem && (hour < 1 || hour > 12)) return undefined;
    const h24 = meridiem === 'p' ? (hour % 12) + 12 : meridiem === 'a' ? hour % 12 : hour;
    time = clock(h24, +(m[4] ?? 0), +(m[5] ?? 0));
  }
  const day = oneForm(m[1]!, options);
  return day && time && day.start === day.end ? { ...day, startTime: time } : undefined;
}

function oneForm(text: string, options: DateOptions): DateRange | undefined {
  for (const [pattern, toRange] of FORMS) {
    const match = text.match(pattern);
    const range = match ? toRange(match, options) : undefined;
    if (range) return range;
  }
  return undefined;
}

/** The year a written date ends with, to lend to a first half that has none ("April 12 – May 3, 1961"). */
const TRAILING_YEAR = new RegExp(`${YEAR}$`, 'iu');

/** "April 12 – May 3, 1961", "1957 – 1969", "March–April 2019", "5410 BCE to 5000 BCE". */
function spanOf(text: string, options: DateOptions): DateRange | undefined {
  const halves = /^(.+?)\s*(?:[–—]|\s-\s|\s+(?:to|until|through|au|bis|al)\s+)\s*(.+)$/iu.exec(text);
  if (!halves) return undefined;
  const to = oneForm(halves[2]!, options) ?? withTime(halves[2]!, options);
  if (!to) return undefined;
  const lent = halves[2]!.match(TRAILING_YEAR)?.[1];
  const from =
    oneForm(halves[1]!, options) ??
    withTime(halves[1]!, options) ??
    (lent ? oneForm(`${halves[1]!.replace(/,$/, '')}${/\d$/.test(halves[1]!) ? ',' : ''} ${lent}`, options) : undefined);
  if (!from) return undefined;
  const range = span(from, to);
  if (!range) return undefined;
  return { ...range, ...(from.startTime ? { startTime: from.startTime } : {}), ...(to.startTime ? { endTime: to.startTime } : {}) };
}

/**
 * The days a date as written stands for: "October 2015", "Summer 2017", "2019", "March 3, 2019",
 * "3 March 2019", "2019-03-03", "1990s", "Early 2019", "Dec. 13-15, 2019", "2022-23",
 * "Tuesday, May 14, 2024", "c. 1815", "9/11/2001", "5410 BCE", "March 3, 2019, 8:30 p.m.";
 * French, German, Spanish and Russian month names too. Undefined when it cannot be read.
 */
export function parseDate(written: string, options: DateOptions = {}): DateRange | undefined {
  const text = written
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/(\d)\.$/, '$1')
    .replace(/[:,]$/, '')
    .replace(WEEKDAYS, '')
    .replace(CIRCA, '')
    .replace(TIME_ZONE, '');
  if (text === '') return undefined;
  return oneForm(text, options) ?? withTime(text, options) ?? spanOf(text, options);
}

export const DATE_FORMS_HELP =
  '"2019", "March 2019", "Summer 2017", "March 3, 2019", "2019-03-03", "1990s", "Early 2019", "2019-2020", "5410 BCE", "March 3, 2019, 8:30 p.m."';

const SECONDS_PER_DAY = 86_400;

/** Days since 1970-01-01 in the proleptic Gregorian calendar, for any year (H. Hinnant's days_from_civil). */
export function dayNumber(day: string): number {
  const [year, month, date] = dayParts(day);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + date - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function seconds(time: string): number {
  const [h, m, s] = time.split(':').map(Number);
  return h! * 3600 + m! * 60 + (s ?? 0);
}

/** When a range begins, in seconds: its first day at midnight, or at its time. */
export function startMoment(range: DateRange): number {
  return dayNumber(range.start) * SECONDS_PER_DAY + (range.startTime ? seconds(range.startTime) : 0);
}

/** When a range ends: at its end time; at its start time for a moment on one day; else at the end of its last day. */
export function endMoment(range: DateRange): number {
  if (range.endTime) return dayNumber(range.end) * SECONDS_PER_DAY + seconds(range.endTime);
  if (range.startTime && range.start === range.end) return startMoment(range);
  return (dayNumber(range.end) + 1) * SECONDS_PER_DAY - 1;
}

/** True when the whole of `a` ends before `b` begins. */
export function endsBefore(a: DateRange, b: DateRange): boolean {
  return endMoment(a) < startMoment(b);
}

export function sameRange(a: DateRange, b: DateRange): boolean {
  return a.start === b.start && a.end === b.end && a.startTime === b.startTime && a.endTime === b.endTime;
}

/** A range's start or end as the native format writes it: `2019-03-03` or `2019-03-03T20:30:00`. */
export function writtenBound(range: DateRange, bound: 'start' | 'end'): string {
  const time = bound === 'start' ? range.startTime : range.endTime;
  return time ? `${range[bound]}T${time}` : range[bound];
}

/**
 * Indices in reading order: source order, except that an item moves up past the items
 * whose whole range ends before its own begins. Overlapping or equal ranges keep their
 * source order, so "July 2017" then "Summer 2017" stay as written.
 */
export function dateOrder(ranges: readonly DateRange[]): number[] {
  const order: number[] = [];
  ranges.forEach((range, index) => {
    let at = order.length;
    while (at > 0 && endsBefore(range, ranges[order[at - 1]!]!)) at--;
    order.splice(at, 0, index);
  });
  return order;
}

/** Every pair listed out of date order: `later` comes first in the source but wholly after `earlier`. */
export function outOfOrderPairs(ranges: readonly DateRange[]): Array<{ first: number; second: number }> {
  const pairs: Array<{ first: number; second: number }> = [];
  for (let second = 0; second < ranges.length; second++) {
    for (let first = 0; first < second; first++) {
      if (endsBefore(ranges[second]!, ranges[first]!)) pairs.push({ first, second });
    }
  }
  return pairs;
}

/**
 * The events out of place, each once: those outside the longest run of the list that is
 * already in date order, each with `other`, an event it is wrongly listed after (a later one)
 * or before (an earlier one).
 */
export function misplacedEvents(ranges: readonly DateRange[]): Array<{ event: number; other: number }> {
  const inOrder = (i: number, j: number) => !endsBefore(ranges[j]!, ranges[i]!);
  const length = ranges.map(() => 1);
  const previous = ranges.map(() => -1);
  for (let j = 0; j < ranges.length; j++) {
    for (let i = 0; i < j; i++) {
      if (inOrder(i, j) && length[i]! + 1 > length[j]!) [length[j], previous[j]] = [length[i]! + 1, i];
    }
  }
  const kept = new Set<number>();
  for (let at = length.indexOf(Math.max(0, ...length)); at >= 0; at = previous[at]!) kept.add(at);
  const misplaced: Array<{ event: number; other: number }> = [];
  ranges.forEach((range, event) => {
    if (kept.has(event)) return;
    const laterBefore = ranges
      .slice(0, event)
      .map((r, i) => (endsBefore(range, r) ? i : -1))
      .filter((i) => i >= 0)
      .at(-1);
    const earlierAfter = ranges.findIndex((r, i) => i > event && endsBefore(r, range));
    const other = laterBefore ?? earlierAfter;
    if (other >= 0) misplaced.push({ event, other });
  });
  return misplaced;
}

/** The year a range starts in, for year markers on the spine. */
export function startYear(range: DateRange): number {
  return dayParts(range.start)[0];
}

/** A year as a reader expects it: "2019", "602", "5410 BCE", "13,800,000,000 BCE". */
export function yearLabel(year: number): string {
  const digits = Math.abs(year) >= 10_000 ? Math.abs(year).toLocaleString('en-US') : String(Math.abs(year));
  return year < 0 ? `${digits} BCE` : digits;
}

/** An AP style clock time: "8:30 p.m.", "9 a.m.", "noon", "midnight"; seconds only when there are some. */
export function timeLabel(time: string): string {
  const [h, m, s] = time.split(':').map(Number) as [number, number, number];
  if (m === 0 && !s && (h === 0 || h === 12)) return h === 0 ? 'midnight' : 'noon';
  const hour = h % 12 === 0 ? 12 : h % 12;
  const rest = m === 0 && !s ? '' : `:${String(m).padStart(2, '0')}${s ? `:${String(s).padStart(2, '0')}` : ''}`;
  return `${hour}${rest} ${h < 12 ? 'a.m.' : 'p.m.'}`;
}

/** A day, month or year as written on a card: "March 3, 2019", "March 2019", "2019", "602", "44 BCE". */
export function dateLabel(year: number, month?: number, day?: number, time?: string): string {
  const y = yearLabel(year);
  if (month === undefined) return y;
  if (day === undefined) return `${MONTHS[month - 1]} ${y}`;
  return `${MONTHS[month - 1]} ${day}, ${y}${time ? `, ${timeLabel(time)}` : ''}`;
}
