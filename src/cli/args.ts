import yargs from 'yargs';
import { UsageError } from '../errors.ts';
import { parsePrintOptions } from '../model/units.ts';
import { OUTPUT_FORMATS, PRESET_NAMES, type OutputFormat, type PresetName } from '../render/formats.ts';
import { INPUT_FORMATS, type InputFormat } from '../load/index.ts';
import type { RenderJob } from '../job.ts';
import { DEFAULT_LIMITS, LIMIT_OPTIONS, type Limits } from '../model/limits.ts';

interface Common {
  debug: boolean;
  quiet: boolean;
  /** Forces the input format instead of telling it from the extension and content. */
  from?: InputFormat;
}

export type Command =
  | (Common & Omit<RenderJob, 'input'> & { command: 'render'; inputs: string[] })
  | (Common & { command: 'validate'; input: string })
  | (Common & { command: 'import'; input: string; credit?: string; source?: string })
  | (Common & { command: 'serve'; inputs: string[]; host: string; port: number; queue: number; limits: Partial<Limits> })
  | { command: 'help' };

/** A comma-separated list of allowed names, as `--option a,b`; `all` stands for every name when allowed. */
function parseList<T extends string>(option: string, value: string | string[], allowed: readonly T[], all: boolean): T[] {
  const names = [value].flat().flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean);
  const choices = all ? [...allowed, 'all'] : allowed;
  for (const name of names) {
    if (!choices.includes(name as T)) {
      throw new UsageError(`Invalid value for --${option}. Allowed: ${choices.join(', ')}. Received: ${JSON.stringify(name)}.`);
    }
  }
  if (names.length === 0) throw new UsageError(`Invalid value for --${option}. Allowed: ${choices.join(', ')}. Received: nothing.`);
  return names.includes('all') ? [...allowed] : [...new Set(names)] as T[];
}

function limitOptions(given: { [K in keyof Limits]: number | undefined }): Partial<Limits> {
  const limits: Partial<Limits> = {};
  for (const [key, value] of Object.entries(given) as Array<[keyof Limits, number | undefined]>) {
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) throw new UsageError(`Invalid value for ${LIMIT_OPTIONS[key]}. Allowed: a whole number from 1. Received: ${value}.`);
    limits[key] = value;
  }
  return limits;
}

function inputFormat(value: string | undefined): InputFormat | undefined {
  if (value === undefined) return undefined;
  const format = value.toLowerCase() as InputFormat;
  if (!INPUT_FORMATS.includes(format)) throw new UsageError(`Invalid value for --from. Allowed: ${INPUT_FORMATS.join(', ')}. Received: ${JSON.stringify(value)}.`);
  return format;
}

/** An output base name: a plain file name, so no output can land outside --out. */
function outputName(value: string | undefined): { name?: string } {
  if (value === undefined) return {};
  if (!/^[^/\\\0]+$/.test(value) || value === '.' || value === '..' || value.startsWith('.')) {
    throw new UsageError(`Invalid value for --name. Allowed: a plain file name without folders or a leading dot. Received: ${JSON.stringify(value)}.`);
  }
  return { name: value };
}

/** yargs drops or empties a lone `-` (stdin), so it crosses yargs under another name. */
const STDIN_ARG = '\u0000stdin';
const inputPath = (value: string | undefined) => (value === STDIN_ARG || value === '' || value === undefined ? '-' : value);

/** Reads the command line into one command; bad usage throws UsageError (exit code 2). */
export async function parseArgs(argv: string[]): Promise<Command> {
  let command: Command | undefined;
  const parser = yargs(argv.map((a) => (a === '-' ? STDIN_ARG : a)))
    .scriptName('timeline-render')
    .usage('$0 <input> [options]\n\nRenders timelines (native JSON or YAML, TimelineJS, CSV, article text) to a tall PNG, social cuts and a print PDF.')
    .option('debug', { type: 'boolean', default: false, describe: 'Show the stack trace of an error' })
    .option('quiet', { type: 'boolean', default: false, alias: 'q', describe: 'Print nothing but errors' })
    .option('from', { type: 'string', describe: `Input format: ${INPUT_FORMATS.join(', ')} (default: from the extension and content)` })
    .command('$0 <inputs..>', 'Render timelines', (y) => y
      .positional('inputs', { type: 'string', array: true, describe: 'Timeline files (.json, .yaml, .csv, .txt), folders of them, or - for stdin' })
      .option('out', { type: 'string', default: 'out', alias: 'o', describe: 'Output folder' })
      .option('name', { type: 'string', describe: 'Base name of the outputs (default: the input file\'s name; "timeline" for stdin)' })
      .option('format', { type: 'string', default: OUTPUT_FORMATS.join(','), alias: 'f', describe: 'Formats to write, comma separated: png, pdf' })
      .option('keep-order', { type: 'boolean', default: false, describe: 'Keep the events in source order instead of date order' })
      .option('preset', { type: 'string', default: 'tall', alias: 'p', describe: `Images to make, comma separated: ${PRESET_NAMES.join(', ')}, or all` })
      .option('scale', { type: 'number', default: 2, describe: 'Pixel density of the tall PNG: 1, 2 or 3' })
      .option('max-slides', { type: 'number', default: 10, describe: 'Most slides an Instagram carousel may have' })
      .option('theme', { type: 'string', describe: 'Theme file (JSON): colours, fonts and sizes over the defaults and the data file\'s theme' })
      .option('page', { type: 'string', default: 'letter', describe: 'PDF page: letter, a4, tabloid or WxH with in, mm or pt (3.25inx21in)' })
      .option('margin', { type: 'string', describe: 'PDF page margin, such as 0.5in or 12mm (default 0.5in)' })
      .option('bleed', { type: 'string', describe: 'Background past the trim for print, such as 0.125in or 3mm' })
      .option('crop-marks', { type: 'boolean', default: false, describe: 'Draw trim marks outside the bleed' })
      .option('profile', { type: 'boolean', default: false, describe: 'Print the time of each stage on stderr' })
      .option('cmyk', { type: 'boolean', default: false, describe: 'Write every PDF colour as CMYK' })
      .option('max-events', { type: 'number', describe: `Most events a timeline may have (default ${DEFAULT_LIMITS.events})` })
      .option('max-text', { type: 'number', describe: `Most characters in one event's text (default ${DEFAULT_LIMITS.textLength})` })
      .option('max-input', { type: 'number', describe: `Largest input file in bytes (default ${DEFAULT_LIMITS.inputBytes})` })
      .option('max-pixels', { type: 'number', describe: `Most pixels in one image (default ${DEFAULT_LIMITS.pixels})` })
      .option('max-pages', { type: 'number', describe: `Most pages in one PDF (default ${DEFAULT_LIMITS.pages})` })
      .option('template', { type: 'string', describe: 'Your own template module (.tsx): replaces any of Header, Cover, Card, Year, Footer, RunningHead' }),
    (a) => {
      if (![1, 2, 3].includes(a.scale)) throw new UsageError(`Invalid value for --scale. Allowed: 1, 2, 3. Received: ${a.scale}.`);
      const maxSlides = a['max-slides'];
      if (!Number.isInteger(maxSlides) || maxSlides < 2) throw new UsageError(`Invalid value for --max-slides. Allowed: a whole number from 2. Received: ${maxSlides}.`);
      command = {
        command: 'render', inputs: (a.inputs ?? []).map((i) => inputPath(String(i))), out: a.out, ...outputName(a.name), from: inputFormat(a.from), formats: parseList('format', a.format, OUTPUT_FORMATS, false),
        presets: parseList('preset', a.preset, PRESET_NAMES, true), keepOrder: a['keep-order'], scale: a.scale, maxSlides,
        theme: a.theme, template: a.template, ...parsePrintOptions({ page: a.page, margin: a.margin, bleed: a.bleed }, (name) => `--${name}`), cropMarks: a['crop-marks'], cmyk: a.cmyk, profile: a.profile,
        limits: limitOptions({ events: a['max-events'], textLength: a['max-text'], inputBytes: a['max-input'], pixels: a['max-pixels'], pages: a['max-pages'] }),
        debug: a.debug, quiet: a.quiet,
      };
    })
    .command('validate <input>', 'Check a timeline file and report every problem with its place', (y) => y
      .positional('input', { type: 'string', describe: 'Timeline file' }),
    (a) => { command = { command: 'validate', input: inputPath(a.input), from: inputFormat(a.from), debug: a.debug, quiet: a.quiet }; })
    .command('import <input>', 'Print a timeline file (such as article text) as native JSON', (y) => y
      .positional('input', { type: 'string', describe: 'Timeline file' })
      .option('credit', { type: 'string', describe: 'Credit line to store in the timeline' })
      .option('source', { type: 'string', describe: 'Source note to store in the timeline' }),
    (a) => { command = { command: 'import', input: inputPath(a.input), credit: a.credit, source: a.source, from: inputFormat(a.from), debug: a.debug, quiet: a.quiet }; })
    .command('serve [inputs..]', 'Preview timelines in a browser as their files are saved, and render over HTTP (POST /render)', (y) => y
      .positional('inputs', { type: 'string', array: true, default: ['data'], describe: 'Timeline files or folders of them to preview' })
      .option('port', { type: 'number', default: 4173, describe: 'Port to listen on' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on; 0.0.0.0 opens the server to the network' })
      .option('queue', { type: 'number', default: 16, describe: 'Most API renders waiting for a worker; more are refused with 503' })
      .option('max-input', { type: 'number', describe: `Largest request body in bytes (default ${DEFAULT_LIMITS.inputBytes})` }),
    (a) => {
      if (!Number.isInteger(a.port) || a.port < 0 || a.port > 65535) throw new UsageError(`Invalid value for --port. Allowed: a whole number from 0 to 65535. Received: ${a.port}.`);
      if (!Number.isInteger(a.queue) || a.queue < 0) throw new UsageError(`Invalid value for --queue. Allowed: a whole number from 0. Received: ${a.queue}.`);
      command = {
        command: 'serve', inputs: a.inputs?.length ? a.inputs.map(String) : ['data'], host: a.host, port: a.port, queue: a.queue,
        limits: limitOptions({ events: undefined, textLength: undefined, inputBytes: a['max-input'], pixels: undefined, pages: undefined }), from: undefined, debug: a.debug, quiet: a.quiet,
      };
    })
    .strict()
    .help()
    .version(false)
    .exitProcess(false)
    .fail((message, error) => { throw error ?? new UsageError(`${message}\nRun timeline-render --help for usage.`); });
  await parser.parseAsync();
  // yargs has printed the help text itself.
  if (!command && argv.some((a) => a === '--help' || a === 'help')) return { command: 'help' };
  if (!command) throw new UsageError('Nothing to do. Run timeline-render --help for usage.');
  return command;
}
