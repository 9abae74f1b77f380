import type { Limits } from '../model/limits.ts';
import type { RenderOptions } from '../render/index.ts';
import { OPTIONS, type OptionKey, type OptionSpec, type ResolvedOptions, type ValueOf } from './table.ts';
import { Refusal, type Earlier, type GivenValue } from './values.ts';

/** Values as one source gives them (the command line, the config file, a request), by option name. */
export interface OptionLayer {
  readonly values: Readonly<Record<string, GivenValue | undefined>>;
  /** The error this source gives for a refused value: exit 2 on the command line, exit 1 for the config file, 400 in the API. */
  refuse(spec: OptionSpec<unknown>, refusal: Refusal): Error;
}

type Resolved<Table> = { -readonly [K in keyof Table]: ValueOf<Table[K]> };

/**
 * Every option of a table, each from the first layer that gives it (flags, then the config
 * file, as marp-cli does), else from `under` (options resolved before, such as a server's
 * under a request's), else its default. A default is read on its own: its bounds never
 * depend on another option (the default margin is not refused on a small page).
 */
export function resolveTable<Table extends Record<string, OptionSpec<unknown>>>(
  table: Table,
  layers: readonly OptionLayer[],
  under?: Resolved<Table>,
): Resolved<Table> {
  const resolved: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(table)) {
    const layer = layers.find((l) => l.values[spec.name] !== undefined);
    if (layer) resolved[key] = readGiven(spec, layer.values[spec.name]!, resolved, layer);
    else resolved[key] = under ? under[key as keyof Table] : readDefault(spec);
  }
  return resolved as Resolved<Table>;
}

/** The options of the table: the one object a render, a batch or the server is given. */
export const resolveOptions = (layers: readonly OptionLayer[], under?: ResolvedOptions): ResolvedOptions =>
  resolveTable(OPTIONS, layers, under as Resolved<typeof OPTIONS>);

function readGiven(spec: OptionSpec<unknown>, given: GivenValue, earlier: Earlier, layer: OptionLayer): unknown {
  try {
    return spec.read(given, earlier);
  } catch (error) {
    if (error instanceof Refusal) throw layer.refuse(spec, error);
    throw error;
  }
}

export function readDefault<T>(spec: OptionSpec<T>): T | undefined {
  return spec.default === undefined ? undefined : spec.read(spec.default, {});
}

/** Options that only the server itself uses: they stay out of a render job. */
export const SERVER_ONLY = [
  'port',
  'host',
  'queue',
  'renderTimeout',
  'reelTimeout',
  'headerTimeout',
  'bodyTimeout',
  'maxConnections',
  'cacheMaxAge',
  'shutdownGrace',
  'token',
] as const satisfies readonly OptionKey[];
type ServerOnlyKey = (typeof SERVER_ONLY)[number];

/** The limit options and the bound each sets. */
const LIMIT_KEYS = {
  maxEvents: 'events',
  maxText: 'textLength',
  maxInput: 'inputBytes',
  maxPixels: 'pixels',
  maxPages: 'pages',
} as const satisfies Record<string, keyof Limits>;
type LimitKey = keyof typeof LIMIT_KEYS;

/**
 * What a render job takes of the resolved options: every render option, with the limits as
 * one object. Where the outputs go (`out`, `name`) is the job's own.
 */
export type JobOptions = Omit<ResolvedOptions, ServerOnlyKey | LimitKey | 'out' | 'name'> & { limits: Limits };

export function limitsOf(options: ResolvedOptions): Limits {
  return Object.fromEntries(Object.entries(LIMIT_KEYS).map(([key, limit]) => [limit, options[key as LimitKey]])) as unknown as Limits;
}

export function jobOptions(options: ResolvedOptions): JobOptions {
  const job: Record<string, unknown> = { ...options, limits: limitsOf(options) };
  for (const key of [...SERVER_ONLY, ...Object.keys(LIMIT_KEYS), 'out', 'name']) delete job[key];
  return job as JobOptions;
}

/**
 * Render options for a library caller (`renderTimeline(timeline, renderOptions({ formats: ['pdf'] }))`):
 * what it gives over the table's defaults. Files named by path (theme, template) are a job's
 * business: the renderer takes them loaded.
 */
export function renderOptions(given: Partial<RenderOptions> = {}): RenderOptions {
  const { from: _from, theme: _theme, template: _template, profile: _profile, ...defaults } = jobOptions(resolveOptions([]));
  return { ...defaults, ...given };
}
