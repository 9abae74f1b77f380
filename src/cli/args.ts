import yargs, { type Argv } from 'yargs';
import { UsageError } from '../errors.ts';
import {
  findConfigFile,
  flagLayer,
  jobOptions,
  limitsOf,
  loadConfigFile,
  OPTIONS,
  optionsOf,
  resolveOptions,
  resolveTable,
  type GivenValue,
  type JobOptions,
  type OptionLayer,
  type OptionSpec,
  type ResolvedOptions,
  type Surface,
} from '../options/index.ts';
import type { InputFormat, InputOptions } from '../load/index.ts';
import type { Limits } from '../model/limits.ts';

interface Common {
  debug: boolean;
  quiet: boolean;
}

export type Command =
  | (Common & { command: 'render'; inputs: string[]; out: string; name?: string; job: JobOptions })
  | (Common & { command: 'validate'; input: string; from?: InputFormat; given: InputOptions })
  | (Common & { command: 'import'; input: string; from?: InputFormat; given: InputOptions; credit?: string; source?: string })
  | (Common & { command: 'serve'; inputs: string[]; host: string; port: number; queue: number; limits: Limits; options: ResolvedOptions })
  | { command: 'help' };

/** yargs drops or empties a lone `-` (stdin), so it crosses yargs under another name. */
const STDIN_ARG = '\u0000stdin';
const inputPath = (value: string | undefined) => (value === STDIN_ARG || value === '' || value === undefined ? '-' : value);

/** The help line of a table option, with its default; yargs itself sets none, so that a config file can come between. */
function yargsOption(spec: OptionSpec<unknown>) {
  const shown = spec.defaultText ?? (spec.default === undefined ? undefined : String(spec.default));
  return {
    type: spec.kind === 'switch' ? ('boolean' as const) : ('string' as const),
    describe: spec.help,
    ...(spec.alias ? { alias: spec.alias } : {}),
    ...(shown === undefined ? {} : { defaultDescription: shown }),
  };
}

/** How to read the input is every command's: these are declared once, for all of them. */
const GLOBAL_OPTIONS: ReadonlyArray<OptionSpec<unknown>> = [OPTIONS.from, OPTIONS.title, OPTIONS.dek, OPTIONS.columns, OPTIONS.dateOrder];

function inputOptions<T>(y: Argv<T>): Argv<T> {
  for (const spec of GLOBAL_OPTIONS) y.option(spec.name, yargsOption(spec));
  return y;
}

const configOption = <T>(y: Argv<T>) =>
  y.option('config', {
    type: 'string',
    describe: 'House settings (JSON): any of the options above',
    defaultDescription: 'timeline-render.config.json beside the first input',
  });

function tableOptions<T>(y: Argv<T>, surface: Surface): Argv<T> {
  for (const [, spec] of optionsOf(surface)) if (!GLOBAL_OPTIONS.includes(spec)) y.option(spec.name, yargsOption(spec));
  return configOption(y);
}

/** What the command line gave of a surface's options, by name. */
function givenFlags(argv: Record<string, unknown>, surface: Surface): Record<string, GivenValue | undefined> {
  return Object.fromEntries(
    [...optionsOf(surface).map(([, spec]) => spec), ...GLOBAL_OPTIONS].map((spec) => [
      spec.name,
      argv[spec.name] as GivenValue | undefined,
    ]),
  );
}

/** The options of a run: the flags, then the config file (named, or beside the first input), then the defaults. */
async function resolveRun(argv: Record<string, unknown>, surface: Surface, firstInput: string | undefined): Promise<ResolvedOptions> {
  const config = await findConfigFile(argv.config as string | undefined, firstInput);
  const layers: OptionLayer[] = [flagLayer(givenFlags(argv, surface))];
  if (config !== undefined) layers.push(await loadConfigFile(config));
  return resolveOptions(layers);
}

/**
 * yargs reads `--cmyk=yes` as off without a word: a switch given a value is read by the
 * table's reader instead, as the API reads `cmyk=yes`, and passed on as `--cmyk` or `--no-cmyk`.
 */
function switchesWithValues(argv: readonly string[]): string[] {
  const switches = new Map(
    Object.values(OPTIONS)
      .filter((spec) => spec.kind === 'switch')
      .map((spec) => [spec.name, spec as OptionSpec<unknown>]),
  );
  return argv.map((arg) => {
    const [, name, value] = /^--([^=]+)=(.*)$/s.exec(arg) ?? [];
    const spec = name === undefined ? undefined : switches.get(name);
    if (!spec) return arg;
    return resolveTable({ on: spec }, [flagLayer({ [spec.name]: value })]).on ? `--${spec.name}` : `--no-${spec.name}`;
  });
}

/** How validate and import read their input: as a render would, the flags, then the config file (its date order), then the defaults. */
async function readInput(argv: Record<string, unknown>, input: string): Promise<{ from?: InputFormat; given: InputOptions }> {
  const { from, title, dek, columns, dateOrder } = await resolveRun(argv, 'api', input);
  return { ...(from ? { from } : {}), given: { title, dek, columns, dateOrder } };
}

/** Reads the command line into one command; bad usage throws UsageError (exit code 2), a bad config file InputError (exit 1). */
export async function parseArgs(argv: string[]): Promise<Command> {
  // yargs runs handlers without waiting for them: the one that matched leaves its work here.
  let pending: (() => Promise<Command>) | undefined;
  let command: Command | undefined;
  const parser = inputOptions(
    yargs(switchesWithValues(argv).map((a) => (a === '-' ? STDIN_ARG : a)))
      .scriptName('timeline-render')
      .usage(
        '$0 <input> [options]\n\nRenders timelines (native JSON or YAML, TimelineJS, CSV, article text) to a tall PNG, social cuts and a print PDF.',
      )
      .option('debug', { type: 'boolean', default: false, describe: 'Show the stack trace of an error' })
      .option('quiet', { type: 'boolean', default: false, alias: 'q', describe: 'Print nothing but errors' }),
  )
    .command(
      '$0 <inputs..>',
      'Render timelines',
      (y) =>
        tableOptions(
          y.positional('inputs', {
            type: 'string',
            array: true,
            describe: 'Timeline files (.json, .yaml, .csv, .txt), folders of them, or - for stdin',
          }),
          'render',
        ),
      (a) => {
        const inputs = (a.inputs ?? []).map((i) => inputPath(String(i)));
        pending = async () => {
          const options = await resolveRun(a, 'render', inputs[0]);
          return {
            command: 'render',
            inputs,
            out: options.out,
            ...(options.name === undefined ? {} : { name: options.name }),
            job: jobOptions(options),
            debug: a.debug,
            quiet: a.quiet,
          };
        };
      },
    )
    .command(
      'validate <input>',
      'Check a timeline file and report every problem with its place',
      (y) => configOption(y.positional('input', { type: 'string', describe: 'Timeline file' })),
      (a) => {
        const input = inputPath(a.input);
        pending = async () => ({ command: 'validate', input, ...(await readInput(a, input)), debug: a.debug, quiet: a.quiet });
      },
    )
    .command(
      'import <input>',
      'Print a timeline file (such as article text) as native JSON',
      (y) =>
        configOption(
          y
            .positional('input', { type: 'string', describe: 'Timeline file' })
            .option('credit', { type: 'string', describe: 'Credit line to store in the timeline' })
            .option('source', { type: 'string', describe: 'Source note to store in the timeline' }),
        ),
      (a) => {
        const input = inputPath(a.input);
        pending = async () => ({
          command: 'import',
          input,
          credit: a.credit,
          source: a.source,
          ...(await readInput(a, input)),
          debug: a.debug,
          quiet: a.quiet,
        });
      },
    )
    .command(
      'serve [inputs..]',
      'Preview timelines in a browser as their files are saved, and render over HTTP (POST /render)',
      (y) =>
        tableOptions(
          y.positional('inputs', {
            type: 'string',
            array: true,
            describe: 'Timeline files or folders of them to preview',
            defaultDescription: 'data',
          }),
          'serve',
        ),
      (a) => {
        const given = a.inputs?.map(String) ?? [];
        const inputs = given.length > 0 ? given : ['data'];
        pending = async () => {
          const options = await resolveRun(a, 'serve', inputs[0]);
          const { host, port, queue } = options;
          if (!options.preview && given.length > 0)
            throw new UsageError(`--no-preview serves the render API alone and reads no files: leave out ${given.join(', ')}.`);
          // An API-only server (a newsroom's system renders through it) previews nothing, and its CPU goes to the API.
          const served = options.preview ? inputs : [];
          return {
            command: 'serve',
            inputs: served,
            host,
            port,
            queue,
            limits: limitsOf(options),
            options,
            debug: a.debug,
            quiet: a.quiet,
          };
        };
      },
    )
    .strict()
    .help()
    .version(false)
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(`${message}\nRun timeline-render --help for usage.`);
    });
  await parser.parseAsync();
  if (pending) command = await pending();
  // yargs has printed the help text itself.
  if (!command && argv.some((a) => a === '--help' || a === 'help')) return { command: 'help' };
  if (!command) throw new UsageError('Nothing to do. Run timeline-render --help for usage.');
  return command;
}
