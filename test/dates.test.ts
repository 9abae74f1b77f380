import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadTimeline } from '../src/load/index.ts';
import { dateOrder, outOfOrderPairs, parseDate } from '../src/model/dates.ts';
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

for (const [written, start, end] of EXPECTED_RANGES) {
  test(`parseDate(${JSON.stringify(written)}) is ${start}..${end}`, () => {
    assert.equal(parseDate(written), { start, end });
  });
}

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
