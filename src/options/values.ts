import { PAGE_SIZES, parseLength, parsePageSize } from '../model/units.ts';

/**
 * A value as a user gave it: a command-line or query string, a JSON value from the config
 * file, or a switch. Every surface hands its values to the same readers, so the command line,
 * the config file and the API accept and refuse the same values.
 */
export type GivenValue = string | number | boolean | ReadonlyArray<string | number | boolean>;

/** A refused value: the reader says what is allowed and what it received; the surface names the option its own way. */
export class Refusal extends Error {
  constructor(
    readonly allowed: string,
    readonly received: GivenValue | undefined,
  ) {
    super(`Allowed: ${allowed}. Received: ${shownValue(received)}.`);
    this.name = 'Refusal';
  }
}

/** Numbers as written (`Received: 70000.`), other text quoted so that spaces and empty text show. */
export function shownValue(value: GivenValue | undefined): string {
  if (value === undefined || (typeof value === 'string' && value === '')) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return /^-?\d+(\.\d+)?$/.test(value) ? value : JSON.stringify(value);
  return value.map((v) => shownValue(v)).join(', ');
}

/** The options resolved before this one, for bounds that depend on another option (a margin on its page). */
export type Earlier = Readonly<Record<string, unknown>>;

/** Reads one given value; throws a Refusal when it is out of bounds. `allowed` says what it takes, for the help and the README. */
export type ValueReader<T> = ((given: GivenValue, earlier: Earlier) => T) & { readonly allowed: string };

const reader = <T>(allowed: string, read: (given: GivenValue, earlier: Earlier) => T): ValueReader<T> => Object.assign(read, { allowed });

/** The last of a repeated single value (`--scale 1 --scale 2` is 2), as most command lines take it. */
function single(given: GivenValue): string | number | boolean {
  return Array.isArray(given) ? given.at(-1)! : (given as string | number | boolean);
}

export const text = (allowed: string, check: (value: string) => boolean = () => true): ValueReader<string> =>
  reader(allowed, (given) => {
    const value = single(given);
    if (typeof value !== 'string' || value === '' || !check(value)) throw new Refusal(allowed, value);
    return value;
  });

/** A switch: absent is the default; present, `true` or empty is on; `false` is off. */
export const switchValue: ValueReader<boolean> = reader('true, false', (given) => {
  const value = single(given);
  if (value === true || value === 'true' || value === '') return true;
  if (value === false || value === 'false') return false;
  throw new Refusal('true, false', value);
});

const NUMBER_TEXT = /^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/;

function numberOf(value: string | number | boolean): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && NUMBER_TEXT.test(value) ? Number(value) : undefined;
}

/** A whole number from `min`, up to `max` when there is one. */
export function wholeNumber(min: number, max?: number): ValueReader<number> {
  const allowed = max === undefined ? `a whole number from ${min}` : `a whole number from ${min} to ${max}`;
  return reader(allowed, (given) => {
    const value = single(given);
    const number = numberOf(value);
    if (number === undefined || !Number.isInteger(number) || number < min || (max !== undefined && number > max))
      throw new Refusal(allowed, value);
    return number;
  });
}

/** A number from `min` to `max`, fractions too. */
export function numberRange(min: number, max: number): ValueReader<number> {
  const allowed = `a number from ${min} to ${max}`;
  return reader(allowed, (given) => {
    const value = single(given);
    const number = numberOf(value);
    if (number === undefined || number < min || number > max) throw new Refusal(allowed, value);
    return number;
  });
}

/** One name of a list, in any case. */
export function choice<T extends string>(allowed: readonly T[]): ValueReader<T> {
  return reader(allowed.join(', '), (given) => {
    const value = single(given);
    const name = String(value).trim().toLowerCase() as T;
    if (typeof value !== 'string' || !allowed.includes(name)) throw new Refusal(allowed.join(', '), value);
    return name;
  });
}

/**
 * Names of a list, comma separated (`png,pdf`), repeated, or a JSON list in the config file;
 * `all` stands for every name when `all` is set. A wrong name is refused by itself.
 */
export function names<T extends string>(allowed: readonly T[], all: boolean): ValueReader<T[]> {
  const choices: readonly string[] = all ? [...allowed, 'all'] : allowed;
  return reader(`${choices.join(', ')}, comma separated`, (given) => {
    const parts = [given]
      .flat()
      .flatMap((v) => String(v).split(','))
      .map((v) => v.trim().toLowerCase())
      .filter(Boolean);
    for (const name of parts) if (!choices.includes(name)) throw new Refusal(choices.join(', '), name);
    if (parts.length === 0) throw new Refusal(choices.join(', '), undefined);
    return parts.includes('all') ? [...allowed] : ([...new Set(parts)] as T[]);
  });
}

/** The largest page side a PDF viewer takes: Acrobat breaks past 200 in. */
const MAX_PAGE_SIDE = 14_400;
const PAGE_ALLOWED = `${Object.keys(PAGE_SIZES).join(', ')}, or WxH from 1x2 in to 200x200 in with in, mm, cm or pt (3.25inx21in)`;

export type PageSize = { width: number; height: number };

/** A page size by name or as WxH, in points. */
export const pageSize: ValueReader<PageSize> = reader(PAGE_ALLOWED, (given) => {
  const value = String(single(given));
  const size = parsePageSize(value);
  if (!size || size.width > MAX_PAGE_SIDE || size.height > MAX_PAGE_SIDE || size.width < 72 || size.height < 144)
    throw new Refusal(PAGE_ALLOWED, value);
  return size;
});

/** A length in points, such as 0.125in or 3mm, up to `max(earlier)` points; `most` words that bound for the help. */
/** `auto` (undefined: the layout's own rule) or what `read` takes; its refusal names both. */
export function orAuto<T>(read: ValueReader<T>): ValueReader<T | undefined> {
  return reader(`auto, or ${read.allowed}`, (given, earlier) => {
    if (String(single(given)).trim().toLowerCase() === 'auto') return undefined;
    try {
      return read(given, earlier);
    } catch (error) {
      if (error instanceof Refusal) throw new Refusal(`auto, or ${error.allowed}`, error.received);
      throw error;
    }
  });
}

export function length(most: string, max: (earlier: Earlier) => number): ValueReader<number> {
  return reader(`a length up to ${most}, with in, mm, cm or pt (0.125in, 3mm)`, (given, earlier) => {
    const value = String(single(given));
    const points = parseLength(value);
    const bound = max(earlier);
    if (points === undefined || points > bound)
      throw new Refusal(`a length up to ${bound / 72} in, with in, mm, cm or pt (0.125in, 3mm)`, value);
    return points;
  });
}
