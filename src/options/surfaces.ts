import { OptionError, UsageError } from '../errors.ts';
import type { OptionLayer } from './resolve.ts';
import type { OptionSpec } from './table.ts';
import type { GivenValue } from './values.ts';

/** The command line's values: a refusal names `--option` and is bad usage (exit 2). */
export function flagLayer(values: Readonly<Record<string, GivenValue | undefined>>): OptionLayer {
  return { values, refuse: (spec, refusal) => new OptionError(`Invalid value for --${spec.name}. ${refusal.message}`) };
}

/** Most unknown parameters an answer names. */
const NAMED_UNKNOWN = 10;

/**
 * A request's query parameters, named as they are; a refusal is an OptionError, which the API
 * answers with 400. A parameter the API does not take is refused with the ones it does, so a
 * typo (`scal=3`) never renders quietly with the default.
 */
export function queryLayer(query: URLSearchParams, specs: ReadonlyArray<OptionSpec<unknown>>): OptionLayer {
  const allowed = specs.map((spec) => spec.name);
  const unknown = [...new Set(query.keys())].filter((name) => !allowed.includes(name));
  if (unknown.length > 0) {
    // A hostile query can hold thousands of names: the answer names a few, not all.
    const named =
      unknown
        .slice(0, NAMED_UNKNOWN)
        .map((n) => JSON.stringify(n.slice(0, 40)))
        .join(', ') + (unknown.length > NAMED_UNKNOWN ? ` and ${unknown.length - NAMED_UNKNOWN} more` : '');
    throw new UsageError(`Unknown parameter${unknown.length > 1 ? 's' : ''} ${named}. Allowed: ${allowed.join(', ')}.`);
  }
  const values: Record<string, string> = {};
  for (const name of allowed) {
    const value = query.get(name);
    if (value !== null) values[name] = value;
  }
  return { values, refuse: (spec, refusal) => new OptionError(`Invalid value for ${spec.name}. ${refusal.message}`) };
}
