/*
 * THE OPTIONS OF timeline-render: add every option here, once.
 *
 * Each entry gives the option's name (the command-line flag without its dashes, the API's
 * query parameter and the config file's key are all this name), its default as a user would
 * write it, the reader that bounds it, its help text, and the surfaces that take it. The
 * command line's yargs options, the config file, the API's query parser, the preview, the
 * README's list and the tests all come from this table; the layers below receive the one
 * resolved object (`resolveOptions`) and never default again.
 */
import { INPUT_FORMATS, type InputFormat } from '../load/index.ts';
import { COLUMN_ROLES, parseColumns, type CsvOptions } from '../load/csv.ts';
import { DAY_ORDERS, type DayOrder } from '../model/dates.ts';
import { DEFAULT_LIMITS } from '../model/limits.ts';
import { DEFAULT_SERVICE_LIMITS, TOKEN_RULE, TOKEN_VARIABLE } from '../serve/settings.ts';
import { OUTPUT_FORMATS, PRESET_NAMES, type OutputFormat, type PresetName } from '../model/formats.ts';
import {
  choice,
  length,
  names,
  numberRange,
  orAuto,
  pageSize,
  Refusal,
  switchValue,
  text,
  wholeNumber,
  type GivenValue,
  type PageSize,
  type ValueReader,
} from './values.ts';

/**
 * Where an option may be given: `render` and `serve` are the commands' flags, `api` a query
 * parameter of `POST /render`, `config` a key of timeline-render.config.json.
 */
export type Surface = 'render' | 'serve' | 'api' | 'config';

export interface OptionSpec<T> {
  /** `max-slides`: the flag `--max-slides`, the query parameter and the config key. */
  readonly name: string;
  readonly alias?: string;
  /** A switch takes no value on the command line (`--cmyk`, `--no-cmyk`). */
  readonly kind: 'switch' | 'value';
  /** The default as a user would write it, read by the same reader; none leaves the option unset. */
  readonly default?: GivenValue;
  /** What the help shows as the default when there is none to read (`the input's name`). */
  readonly defaultText?: string;
  readonly help: string;
  readonly read: ValueReader<T>;
  readonly takes: readonly Surface[];
  /** A path, read relative to the config file when given there. */
  readonly path?: boolean;
}

const option = <T>(spec: OptionSpec<T>): OptionSpec<T> => spec;

const COLUMNS_ALLOWED = `role=Header pairs, comma separated (roles: ${COLUMN_ROLES.join(', ')})`;
const columnsReader: ValueReader<CsvOptions['columns']> = Object.assign(
  (given: GivenValue) => {
    const value = Array.isArray(given) ? given.at(-1) : given;
    const columns = typeof value === 'string' ? parseColumns(value) : undefined;
    if (!columns) throw new Refusal(COLUMNS_ALLOWED, value as GivenValue);
    return columns;
  },
  { allowed: COLUMNS_ALLOWED },
);

const PLAIN_FILE_NAME = (value: string) => /^[^/\\\0]+$/.test(value) && !value.startsWith('.');
const ANY_TEXT = 'a non-empty text';

/** Every option, in the order the help and the README list them; an option is resolved after those above it. */
export const OPTIONS = {
  from: option<InputFormat | undefined>({
    name: 'from',
    kind: 'value',
    defaultText: 'from the extension and content',
    takes: ['render', 'api'],
    help: `Input format: ${INPUT_FORMATS.join(', ')}`,
    read: choice(INPUT_FORMATS),
  }),
  title: option<string | undefined>({
    name: 'title',
    kind: 'value',
    defaultText: "the file's own; else made from its name",
    takes: ['render', 'api'],
    help: "Title over the file's own (a TimelineJS file without a title slide, a CSV table)",
    read: text(ANY_TEXT),
  }),
  dek: option<string | undefined>({
    name: 'dek',
    kind: 'value',
    defaultText: "the file's own",
    takes: ['render', 'api'],
    help: "Dek (the line under the title) over the file's own",
    read: text(ANY_TEXT),
  }),
  columns: option<CsvOptions['columns']>({
    name: 'columns',
    kind: 'value',
    defaultText: 'found by header names',
    takes: ['render', 'api'],
    help: `Which columns of a plain CSV hold what, such as date=When,text=What (roles: ${COLUMN_ROLES.join(', ')})`,
    read: columnsReader,
  }),
  dateOrder: option<DayOrder>({
    name: 'date-order',
    kind: 'value',
    default: 'mdy',
    takes: ['render', 'api', 'config'],
    help: 'How articles and CSV tables read 9/11/2001: mdy (US) or dmy',
    read: choice(DAY_ORDERS),
  }),
  out: option<string>({
    name: 'out',
    alias: 'o',
    kind: 'value',
    default: 'out',
    takes: ['render', 'config'],
    path: true,
    help: 'Output folder',
    read: text('a folder'),
  }),
  name: option<string | undefined>({
    name: 'name',
    kind: 'value',
    defaultText: 'the input file\'s name; "timeline" for stdin',
    takes: ['render'],
    help: 'Base name of the outputs',
    read: text('a plain file name without folders or a leading dot', PLAIN_FILE_NAME),
  }),
  formats: option<OutputFormat[]>({
    name: 'format',
    alias: 'f',
    kind: 'value',
    default: OUTPUT_FORMATS.join(','),
    takes: ['render', 'config'],
    help: `Formats to write, comma separated: ${OUTPUT_FORMATS.join(', ')}`,
    read: names(OUTPUT_FORMATS, false),
  }),
  presets: option<PresetName[]>({
    name: 'preset',
    alias: 'p',
    kind: 'value',
    default: 'tall',
    takes: ['render', 'config'],
    help: `Social cuts to make (images; linkedin a PDF, reel a video), comma separated: ${PRESET_NAMES.join(', ')}, or all`,
    read: names(PRESET_NAMES, true),
  }),
  keepOrder: option<boolean>({
    name: 'keep-order',
    kind: 'switch',
    default: false,
    takes: ['render', 'api', 'config'],
    help: 'Keep the events in source order instead of date order',
    read: switchValue,
  }),
  scale: option<number>({
    name: 'scale',
    kind: 'value',
    default: 2,
    takes: ['render', 'api', 'config'],
    // Below 0.5 the 24 px body text would be drawn under 12 device pixels.
    help: 'Pixel density of the tall PNG: 2 is 2160 px wide, 1.5 is 1620',
    read: numberRange(0.5, 3),
  }),
  maxSlides: option<number>({
    // Slides are numbered with two digits (name.instagram-07.png).
    name: 'max-slides',
    kind: 'value',
    default: 20,
    takes: ['render', 'api', 'config'],
    help: 'Most slides an Instagram carousel may have; a longer one is made as a series of carousels',
    read: wholeNumber(2, 99),
  }),
  theme: option<string | undefined>({
    name: 'theme',
    kind: 'value',
    takes: ['render', 'serve', 'config'],
    path: true,
    help: "Theme file (JSON): colours, fonts and sizes over the defaults and the data file's theme",
    read: text('a JSON file'),
  }),
  template: option<string | undefined>({
    name: 'template',
    kind: 'value',
    takes: ['render', 'serve', 'config'],
    path: true,
    help: 'Your own template module (.tsx): replaces any of Header, Cover, Card, Year, Footer, RunningHead',
    read: text('a .tsx, .ts, .jsx or .js file'),
  }),
  page: option<PageSize>({
    name: 'page',
    kind: 'value',
    default: 'letter',
    takes: ['render', 'api', 'config'],
    help: 'PDF page: letter, a4, tabloid or WxH with in, mm or pt (3.25inx21in)',
    read: pageSize,
  }),
  margin: option<number | undefined>({
    // A margin past a quarter of the page's short side leaves no room for two columns of cards.
    name: 'margin',
    kind: 'value',
    default: 'auto',
    defaultText: 'auto: 0.5in, or a sixteenth of the width on a page under 4.5 in (a column slot)',
    takes: ['render', 'api', 'config'],
    help: 'PDF page margin, such as 0.5in or 12mm; a margin given is kept on any page',
    read: orAuto(
      length("a quarter of the page's short side", (earlier) => {
        const page = earlier.page as PageSize | undefined;
        return page ? Math.min(page.width, page.height) / 4 : Infinity;
      }),
    ),
  }),
  bleed: option<number>({
    name: 'bleed',
    kind: 'value',
    default: '0pt',
    defaultText: 'none',
    takes: ['render', 'api', 'config'],
    help: 'Background past the trim for print, such as 0.125in or 3mm',
    read: length('1 in', () => 72),
  }),
  cropMarks: option<boolean>({
    name: 'crop-marks',
    kind: 'switch',
    default: false,
    takes: ['render', 'api', 'config'],
    help: 'Draw trim marks outside the bleed',
    read: switchValue,
  }),
  cmyk: option<boolean>({
    name: 'cmyk',
    kind: 'switch',
    default: false,
    takes: ['render', 'api', 'config'],
    help: 'Write every PDF colour as CMYK',
    read: switchValue,
  }),
  outputIntent: option<string | undefined>({
    // Not an API parameter: a request must not name files on the server.
    name: 'output-intent',
    kind: 'value',
    defaultText: 'FOGRA39, shipped in icc/',
    takes: ['render', 'config'],
    path: true,
    help: "The press's ICC profile (CMYK) that --cmyk converts colours through and embeds as the output intent",
    read: text(ANY_TEXT),
  }),
  profile: option<boolean>({
    name: 'profile',
    kind: 'switch',
    default: false,
    takes: ['render'],
    help: 'Print the time of each stage on stderr',
    read: switchValue,
  }),
  maxEvents: option<number>({
    name: 'max-events',
    kind: 'value',
    default: DEFAULT_LIMITS.events,
    takes: ['render', 'config'],
    help: 'Most events a timeline may have',
    read: wholeNumber(1),
  }),
  maxText: option<number>({
    name: 'max-text',
    kind: 'value',
    default: DEFAULT_LIMITS.textLength,
    takes: ['render', 'config'],
    help: "Most characters in one event's text",
    read: wholeNumber(1),
  }),
  maxInput: option<number>({
    name: 'max-input',
    kind: 'value',
    default: DEFAULT_LIMITS.inputBytes,
    takes: ['render', 'serve', 'config'],
    help: 'Largest input file (or request body) in bytes',
    read: wholeNumber(1),
  }),
  maxPixels: option<number>({
    name: 'max-pixels',
    kind: 'value',
    default: DEFAULT_LIMITS.pixels,
    takes: ['render', 'config'],
    help: 'Most pixels in one image',
    read: wholeNumber(1),
  }),
  maxPages: option<number>({
    name: 'max-pages',
    kind: 'value',
    default: DEFAULT_LIMITS.pages,
    takes: ['render', 'config'],
    help: 'Most pages in one PDF',
    read: wholeNumber(1),
  }),
  cache: option<boolean>({
    name: 'cache',
    kind: 'switch',
    default: true,
    takes: ['render', 'config'],
    help: "Keep satori's layouts on disk, so an unchanged card is not laid out again (--no-cache: neither read nor write them)",
    read: switchValue,
  }),
  cacheDir: option<string | undefined>({
    name: 'cache-dir',
    kind: 'value',
    defaultText: '$XDG_CACHE_HOME/timeline-render, else ~/.cache/timeline-render',
    takes: ['render', 'config'],
    path: true,
    help: 'Folder of the layout cache',
    read: text(ANY_TEXT),
  }),
  cacheSize: option<number>({
    name: 'cache-size',
    kind: 'value',
    default: 100,
    takes: ['render', 'config'],
    help: 'Most megabytes the layout cache may take; the least recently used layouts go first',
    read: wholeNumber(1),
  }),
  port: option<number>({
    name: 'port',
    kind: 'value',
    default: 4173,
    takes: ['serve', 'config'],
    help: 'Port to listen on; 0 picks a free one',
    read: wholeNumber(0, 65535),
  }),
  host: option<string>({
    name: 'host',
    kind: 'value',
    default: '127.0.0.1',
    takes: ['serve', 'config'],
    help: 'Address to listen on; 0.0.0.0 opens the server to the network',
    read: text('an address or host name'),
  }),
  queue: option<number>({
    name: 'queue',
    kind: 'value',
    default: 16,
    takes: ['serve', 'config'],
    help: 'Most API renders waiting for a worker; more are refused with 503',
    read: wholeNumber(0),
  }),
  preview: option<boolean>({
    name: 'preview',
    kind: 'switch',
    default: true,
    takes: ['serve', 'config'],
    help: 'Show the input files on the page, rendered as they are saved (--no-preview: the render API alone; no file is read, watched or rendered in the background)',
    read: switchValue,
  }),
  renderTimeout: option<number>({
    name: 'render-timeout',
    kind: 'value',
    default: DEFAULT_SERVICE_LIMITS.renderTimeout,
    takes: ['serve', 'config'],
    help: 'Seconds one API render may take; then it is cancelled and answered 503',
    read: wholeNumber(1, 3600),
  }),
  reelTimeout: option<number>({
    name: 'reel-timeout',
    kind: 'value',
    default: DEFAULT_SERVICE_LIMITS.reelTimeout,
    takes: ['serve', 'config'],
    help: 'Seconds one API render of a reel (preset=reel, a video) may take, in place of --render-timeout',
    read: wholeNumber(1, 3600),
  }),
  headerTimeout: option<number>({
    name: 'header-timeout',
    kind: 'value',
    default: DEFAULT_SERVICE_LIMITS.headerTimeout,
    takes: ['serve', 'config'],
    help: 'Seconds a client has to send its request headers; a slower one gets 408 and is closed',
    read: wholeNumber(1, 600),
  }),
  bodyTimeout: option<number>({
    name: 'body-timeout',
    kind: 'value',
    default: DEFAULT_SERVICE_LIMITS.bodyTimeout,
    takes: ['serve', 'config'],
    help: 'Seconds a client has to send its whole request, body included; a slower one gets 408',
    read: wholeNumber(1, 3600),
  }),
  maxConnections: option<number>({
    name: 'max-connections',
    kind: 'value',
    default: DEFAULT_SERVICE_LIMITS.maxConnections,
    takes: ['serve', 'config'],
    help: 'Open connections at once; more are closed as they come',
    read: wholeNumber(1),
  }),
  cacheMaxAge: option<number>({
    name: 'cache-max-age',
    kind: 'value',
    default: DEFAULT_SERVICE_LIMITS.cacheMaxAge,
    takes: ['serve', 'config'],
    help: 'Seconds a CDN or browser may keep a /render answer (Cache-Control: public, max-age)',
    read: wholeNumber(0),
  }),
  shutdownGrace: option<number>({
    name: 'shutdown-grace',
    kind: 'value',
    default: DEFAULT_SERVICE_LIMITS.shutdownGrace,
    takes: ['serve', 'config'],
    help: 'Seconds renders in flight have to finish after SIGTERM; the rest are answered 503',
    read: wholeNumber(0, 3600),
  }),
  token: option<string | undefined>({
    // Not in the config file: a secret there ends up in a repository.
    name: 'token',
    kind: 'value',
    defaultText: `$${TOKEN_VARIABLE}, else none`,
    takes: ['serve'],
    help: '/render then needs Authorization: Bearer <token>, and so does the page from beyond this machine',
    read: text(TOKEN_RULE.allowed, TOKEN_RULE.check),
  }),
} as const;

export type OptionKey = keyof typeof OPTIONS;

/** What an entry resolves to. */
export type ValueOf<S> = S extends OptionSpec<infer T> ? T : never;

/** Options with no default: unset unless given. */
type UnsetKey = { [K in OptionKey]: undefined extends ValueOf<(typeof OPTIONS)[K]> ? K : never }[OptionKey];

/** Every option resolved: given, else from the config file, else the default. */
export type ResolvedOptions = { -readonly [K in Exclude<OptionKey, UnsetKey>]: ValueOf<(typeof OPTIONS)[K]> } & {
  -readonly [K in UnsetKey]?: ValueOf<(typeof OPTIONS)[K]>;
};

/**
 * The API's own parameters: a request answers with one file, so it names one format, one
 * preset and which of its images; the other parameters are the table's `api` options.
 */
export const API_PARAMETERS = {
  format: option<OutputFormat>({
    name: 'format',
    kind: 'value',
    default: 'png',
    takes: ['api'],
    help: 'The file to answer with',
    read: choice(OUTPUT_FORMATS),
  }),
  preset: option<PresetName>({
    name: 'preset',
    kind: 'value',
    default: 'tall',
    takes: ['api'],
    help: 'The image to draw, for png (linkedin: the PDF; reel: the MP4)',
    read: choice(PRESET_NAMES),
  }),
  slide: option<number>({
    name: 'slide',
    kind: 'value',
    default: 1,
    takes: ['api'],
    help: 'Which image of a carousel or story, from 1',
    read: wholeNumber(1, 99),
  }),
} as const;

/** The entries a surface takes, by key. */
export function optionsOf(surface: Surface): Array<[OptionKey, OptionSpec<unknown>]> {
  return (Object.entries(OPTIONS) as Array<[OptionKey, OptionSpec<unknown>]>).filter(([, spec]) => spec.takes.includes(surface));
}
