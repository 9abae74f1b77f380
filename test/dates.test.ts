import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadTimeline } from '../src/load/index.ts';
import { dateLabel, dateOrder, endsBefore, misplacedEvents, outOfOrderPairs, parseDate, timeLabel, yearLabel } from '../src/model/dates.ts';
import type { DateRange } from '../src/model/types.ts';
import { DATA_FILE, repoPath } from './helpers.ts';

/** Ranges of dates as written; fails the test on a date that cannot be read. */
function ranges(written: readonly string[]): DateRange[] {
  return written.map((w) => {
    const range = parseDate(w);
    assert.ok(range, `parseDate(${JSON.stringify(w)}) should be readable`);
    return range;
  });
}

const EXPECTED_RANGES: Array<[string, string, string]> = [
  ['October 2015', '2015-10-01', '2015-10-31'],
  ['Summer 2017', '2017-06-01', '2017-08-31'],
  // Winter runs into the next year; 2018 is not a leap year.
  ['Winter 2017', '2017-12-01', '2018-02-28'],
  ['2019', '2019-01-01', '2019-12-31'],
  ['March 3, 2019', '2019-03-03', '2019-03-03'],
  ['3 March 2019', '2019-03-03', '2019-03-03'],
  ['Sept. 2018', '2018-09-01', '2018-09-30'],
  ['2019-03', '2019-03-01', '2019-03-31'],
  ['2019-03-03', '2019-03-03', '2019-03-03'],
  // Leap years: February has 29 days, and so does the February that ends a winter.
  ['February 2020', '2020-02-01', '2020-02-29'],
  ['February 29, 2020', '2020-02-29', '2020-02-29'],
  ['Winter 2019', '2019-12-01', '2020-02-29'],
  ['February 2019', '2019-02-01', '2019-02-28'],
];

for (const written of ['sometime', '2019-13', 'February 30, 2019', 'February 29, 2019', '2019-02-30', '']) {
  test(`parseDate(${JSON.stringify(written)}) is undefined`, () => {
    assert.is(parseDate(written), undefined);
  });
}

test('dateOrder keeps "July 2017" then "Summer 2017" in source order (the ranges overlap)', () => {
  assert.equal(dateOrder(ranges(['July 2017', 'Summer 2017'])), [0, 1]);
  assert.equal(dateOrder(ranges(['Summer 2017', 'July 2017'])), [0, 1]);
});

test('dateOrder keeps equal dates in source order', () => {
  assert.equal(dateOrder(ranges(['October 2015', 'October 2015', 'October 2015'])), [0, 1, 2]);
});

test('dateOrder swaps October 2018 listed before September 2018', () => {
  assert.equal(dateOrder(ranges(['October 2018', 'September 2018'])), [1, 0]);
  assert.equal(dateOrder(ranges(['August 2018', 'October 2018', 'September 2018', 'November 2018'])), [0, 2, 1, 3]);
});

test('dateOrder moves an item up past every item that ends before it begins', () => {
  // 2017 ends before both 2018 and March 2018 begin; March 2018 lies inside 2018, so those two keep their order.
  assert.equal(dateOrder(ranges(['2018', 'March 2018', '2017'])), [2, 0, 1]);
});

test('outOfOrderPairs names the later-first pairs only', () => {
  assert.equal(outOfOrderPairs(ranges(['October 2018', 'September 2018'])), [{ first: 0, second: 1 }]);
  assert.equal(outOfOrderPairs(ranges(['July 2017', 'Summer 2017', 'July 2017'])), []);
});

/** Forms newspapers print (issue 13, point 14), in other languages too, and years before 1000 and BCE. */
const MORE_RANGES: Array<[string, string, string]> = [
  ['1990s', '1990-01-01', '1999-12-31'],
  ['1800s', '1800-01-01', '1899-12-31'],
  ['Early 2019', '2019-01-01', '2019-04-30'],
  ['Mid-2020', '2020-05-01', '2020-08-31'],
  ['Late 2021', '2021-09-01', '2021-12-31'],
  ['Dec. 13-15, 2019', '2019-12-13', '2019-12-15'],
  ['13–15 December 2019', '2019-12-13', '2019-12-15'],
  ['2019-2020', '2019-01-01', '2020-12-31'],
  ['2022-23', '2022-01-01', '2023-12-31'],
  ['1957 – 1969', '1957-01-01', '1969-12-31'],
  ['April 12 – May 3, 1961', '1961-04-12', '1961-05-03'],
  ['March–April 2019', '2019-03-01', '2019-04-30'],
  ['Tuesday, May 14, 2024', '2024-05-14', '2024-05-14'],
  ['c. 1815', '1815-01-01', '1815-12-31'],
  ['9/11/2001', '2001-09-11', '2001-09-11'],
  ['14 juillet 1789', '1789-07-14', '1789-07-14'],
  ['1er mai 2019', '2019-05-01', '2019-05-01'],
  ['févr. 2020', '2020-02-01', '2020-02-29'],
  ['9. November 1989', '1989-11-09', '1989-11-09'],
  ['März 2020', '2020-03-01', '2020-03-31'],
  ['Dienstag, 14. Mai 2024', '2024-05-14', '2024-05-14'],
  ['20 de noviembre de 1975', '1975-11-20', '1975-11-20'],
  ['septiembre de 1973', '1973-09-01', '1973-09-30'],
  ['602', '0602-01-01', '0602-12-31'],
  ['March 602', '0602-03-01', '0602-03-31'],
  ['5410 BCE', '-5410-01-01', '-5410-12-31'],
  ['44 BC', '-0044-01-01', '-0044-12-31'],
  ['AD 79', '0079-01-01', '0079-12-31'],
  ['13,800,000,000 BCE', '-13800000000-01-01', '-13800000000-12-31'],
  ['-5410-03-01', '-5410-03-01', '-5410-03-01'],
];

for (const [written, start, end] of [...EXPECTED_RANGES, ...MORE_RANGES]) {
  test(`parseDate(${JSON.stringify(written)}) is ${start}..${end}`, () => {
    assert.equal(parseDate(written), { start, end });
  });
}

test('--date-order dmy reads 9/11/2001 as 9 November; the US order is the default', () => {
  assert.equal(parseDate('9/11/2001', { order: 'dmy' }), { start: '2001-11-09', end: '2001-11-09' });
  assert.equal(parseDate('13/11/2001'), undefined);
});

test('clock times: AP style and ISO, read with the day they belong to', () => {
  assert.equal(parseDate('March 3, 2019, 8:30 p.m.'), { start: '2019-03-03', end: '2019-03-03', startTime: '20:30:00' });
  assert.equal(parseDate('2019-03-03T09:05'), { start: '2019-03-03', end: '2019-03-03', startTime: '09:05:00' });
  assert.equal(parseDate('Jan. 5, 2020, noon'), { start: '2020-01-05', end: '2020-01-05', startTime: '12:00:00' });
  assert.is(parseDate('March 2019, 8:30 p.m.'), undefined);
  assert.is(timeLabel('20:30:00'), '8:30 p.m.');
  assert.is(timeLabel('09:00:00'), '9 a.m.');
  assert.is(timeLabel('00:00:00'), 'midnight');
  assert.is(dateLabel(2019, 3, 3, '20:30:00'), 'March 3, 2019, 8:30 p.m.');
});

test('a 9:05 a.m. event comes before an 8:30 p.m. one the same day, whatever the list order', () => {
  assert.equal(dateOrder(ranges(['March 3, 2019, 8:30 p.m.', 'March 3, 2019, 9:05 a.m.'])), [1, 0]);
  // A day without a time overlaps every time of that day: the list order stands.
  assert.equal(dateOrder(ranges(['March 3, 2019, 8:30 p.m.', 'March 3, 2019'])), [0, 1]);
});

test('BCE years sort before CE years, and a longer BCE year before a shorter one', () => {
  assert.equal(dateOrder(ranges(['602', '44 BC', '5410 BCE', '13,800,000,000 BCE'])), [3, 2, 1, 0]);
  assert.ok(endsBefore(parseDate('5410 BCE')!, parseDate('44 BC')!));
  assert.is(yearLabel(-5410), '5410 BCE');
  assert.is(yearLabel(602), '602');
  assert.is(dateLabel(-13_800_000_000), '13,800,000,000 BCE');
});

test('misplacedEvents: one event listed far too early is reported once, not once per pair', () => {
  const events = ranges(['2025', '2019', '2020', '2021', '2022']);
  assert.is(outOfOrderPairs(events).length, 4);
  assert.equal(misplacedEvents(events), [{ event: 0, other: 1 }]);
  assert.equal(misplacedEvents(ranges(['2019', '2020', '2015', '2021'])), [{ event: 2, other: 1 }]);
  assert.equal(misplacedEvents(ranges(['July 2017', 'Summer 2017'])), []);
});

async function seedRanges(): Promise<{ dates: string[]; ranges: DateRange[] }> {
  const { timeline } = await loadTimeline(repoPath(DATA_FILE));
  return { dates: timeline.events.map((e) => e.date), ranges: timeline.events.map((e) => e.range) };
}

test('seed: dateOrder is source order except indices 14 and 15 swapped', async () => {
  const seed = await seedRanges();
  assert.is(seed.ranges.length, 21);
  // The swapped pair is the one the article lists out of order.
  assert.is(seed.dates[14], 'October 2018');
  assert.is(seed.dates[15], 'September 2018');
  const expected = seed.ranges.map((_, i) => i);
  [expected[14], expected[15]] = [15, 14];
  assert.equal(dateOrder(seed.ranges), expected);
});

test('seed: outOfOrderPairs is exactly [{first: 14, second: 15}]', async () => {
  const seed = await seedRanges();
  assert.equal(outOfOrderPairs(seed.ranges), [{ first: 14, second: 15 }]);
});

test.run();
