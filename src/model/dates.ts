import type { DateRange } from './types.ts';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august',
  'september', 'october', 'november', 'december'];
/** Russian month stems: they cover the nominative ("октябрь") and the genitive ("4 октября"). */
const RUSSIAN_MONTHS = ['январ', 'феврал', 'март', 'апрел', 'ма[йя]', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр'];

/** Meteorological seasons (northern hemisphere), as first and last month; winter runs into the next year. */
const SEASONS: Record<string, [number, number]> = {
  spring: [3, 5], summer: [6, 8], fall: [9, 11], autumn: [9, 11], winter: [12, 14],
  весна: [3, 5], весной: [3, 5], лето: [6, 8], летом: [6, 8], осень: [9, 11], осенью: [9, 11], зима: [12, 14], зимой: [12, 14],
};

function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const english = MONTHS.findIndex((m) => m.startsWith(w));
  if (english >= 0) return english + 1;
  const russian = RUSSIAN_MONTHS.findIndex((stem) => new RegExp(`^${stem}[а-я]*$`).test(w));
  return russian < 0 ? undefined : russian + 1;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  // Months past 12 (a winter's January and February) roll into the next year.
  const y = year + Math.floor((month - 1) / 12);
  const m = ((month - 1) % 12) + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
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

type DateForm = [RegExp, (m: RegExpMatchArray) => DateRange | undefined];

const YEAR = '(\\d{4})';
/** Russian dates may end "1957 г." or "1957 года". */
const RU_YEAR = '(?:\\s*(?:г\\.|года?))?';
const FORMS: DateForm[] = [
  [new RegExp(`^${YEAR}${RU_YEAR}$`, 'u'), (m) => monthsRange(+m[1]!, 1, 12)],
  [new RegExp(`^${YEAR}-(\\d{2})$`), (m) => (+m[2]! >= 1 && +m[2]! <= 12 ? monthsRange(+m[1]!, +m[2]!, +m[2]!) : undefined)],
  [new RegExp(`^${YEAR}-(\\d{2})-(\\d{2})$`), (m) => dayRange(+m[1]!, +m[2]!, +m[3]!)],
  [new RegExp(`^(\\p{L}+),? ${YEAR}${RU_YEAR}$`, 'iu'), (m) => {
    const season = SEASONS[m[1]!.toLowerCase()];
    if (season) return monthsRange(+m[2]!, season[0], season[1]);
    const month = monthNumber(m[1]!);
    return month ? monthsRange(+m[2]!, month, month) : undefined;
  }],
  [new RegExp(`^(\\p{L}+\\.),? ${YEAR}$`, 'iu'), (m) => {
    const month = monthNumber(m[1]!);
    return month ? monthsRange(+m[2]!, month, month) : undefined;
  }],
  [new RegExp(`^(\\p{L}+\\.?) (\\d{1,2})(?:st|nd|rd|th)?,? ${YEAR}$`, 'iu'), (m) => {
    const month = monthNumber(m[1]!);
    return month ? dayRange(+m[3]!, month, +m[2]!) : undefined;
  }],
  [new RegExp(`^(\\d{1,2}) (\\p{L}+\\.?),? ${YEAR}${RU_YEAR}$`, 'iu'), (m) => {
    const month = monthNumber(m[2]!);
    return month ? dayRange(+m[3]!, month, +m[1]!) : undefined;
  }],
];

/**
 * The days a date as written stands for: "October 2015", "Summer 2017", "2019",
 * "March 3, 2019", "3 March 2019", "2019-03" and "2019-03-03". Undefined when it cannot be read.
 */
export function parseDate(written: string): DateRange | undefined {
  const text = written.trim().replace(/\s+/g, ' ');
  for (const [pattern, toRange] of FORMS) {
    const match = text.match(pattern);
    if (match) return toRange(match);
  }
  return undefined;
}

export const DATE_FORMS_HELP = '"2019", "March 2019", "Summer 2017", "March 3, 2019", "2019-03" or "2019-03-03"';

/** True when the whole of `a` ends before `b` begins. */
export function endsBefore(a: DateRange, b: DateRange): boolean {
  return a.end < b.start;
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

/** The year a range starts in, for year markers on the spine. */
export function startYear(range: DateRange): number {
  return Number(range.start.slice(0, 4));
}
