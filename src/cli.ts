import { hideBin } from 'yargs/helpers';
import { parseArgs, type Command } from './cli/args.ts';
import { ERROR_KINDS, InputError, TimelineError, UsageError } from './errors.ts';
import { refuseMissingGlyphs } from './fonts/coverage.ts';
import { loadTimeline, type LoadedTimeline } from './load/index.ts';
import { misplacedEvents } from './model/dates.ts';
import { toNativeJson } from './model/native.ts';
import type { RenderJob } from './job.ts';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is a terminal: progress bars are welcome. */
  isTerminal?: boolean;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTerminal: process.stderr.isTTY,
};

function report(io: Io, quiet: boolean, lines: readonly string[]): void {
  if (!quiet && lines.length > 0) io.stderr(lines.join('\n') + '\n');
}

/**
 * Each event listed out of date order, once. TimelineJS sorts its slides by date itself, so a
 * TimelineJS file's order is no problem to report.
 */
function orderWarnings(loaded: LoadedTimeline): string[] {
  if (!['native', 'article', 'csv'].includes(loaded.kind)) return [];
  const events = loaded.timeline.events;
  const named = (i: number) => `${loaded.sourcePlace(`events[${i}]`)} (${events[i]!.date})`;
  return misplacedEvents(events.map((e) => e.range)).map(
    ({ event, other }) =>
      `${loaded.file}: warning: ${named(event)} is listed ${other < event ? 'after' : 'before'} ${named(other)}, which is ${other < event ? 'later' : 'earlier'}; ` +
      'renders put events in date order, --keep-order keeps the source order.',
  );
}

async function runCommand(command: Command, io: Io): Promise<void> {
  if (command.command === 'help') return;
  if (command.command === 'render') {
    const { inputs, quiet, out, name } = command;
    const options = { ...command.job, out, ...(name === undefined ? {} : { name }) };
    // The renderers load only for a render: validate and import start quicker without them.
    const { expandInputs } = await import('./batch/index.ts');
    const files = await expandInputs(inputs);
    if (files.length === 1) {
      const { runRenderJob } = await import('./job.ts');
      const result = await runRenderJob({ ...options, input: files[0]! });
      report(io, quiet, [...result.warnings, ...result.written.map((path) => `wrote ${path}`)]);
      if (result.profile) io.stderr(result.profile + '\n');
      return;
    }
    await renderMany(files, options, quiet, io);
  } else if (command.command === 'serve') {
    await serve(command, io);
  } else if (command.command === 'validate') {
    const loaded = await loadTimeline(command.input, command.from, undefined, command.given);
    // As a render would: validate and import refuse a character the fonts lack.
    refuseMissingGlyphs(loaded);
    report(io, command.quiet, [...loaded.warnings, ...orderWarnings(loaded)]);
    const { events, actors } = loaded.timeline;
    io.stdout(`${loaded.file}: ok: ${events.length} events, ${actors.length} actors\n`);
  } else {
    const loaded = await loadTimeline(command.input, command.from, undefined, command.given);
    refuseMissingGlyphs(loaded);
    report(io, command.quiet, loaded.warnings);
    const timeline = { ...loaded.timeline };
    if (command.credit) timeline.credit = command.credit;
    if (command.source) timeline.source = command.source;
    io.stdout(toNativeJson(timeline));
  }
}

function progressBar(done: number, total: number): string {
  const width = 30;
  const filled = Math.round((done / total) * width);
  return `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`;
}

/** Several inputs on worker threads: a progress bar on a terminal, each failure reported, exit 1 if any failed. */
async function renderMany(files: string[], options: Omit<RenderJob, 'input'>, quiet: boolean, io: Io): Promise<void> {
  if (options.name !== undefined) throw new UsageError('--name names the outputs of one input; it cannot be used with several.');
  if (files.includes('-')) throw new UsageError('stdin (-) can only be rendered alone.');
  const { checkDistinctNames, renderBatch } = await import('./batch/index.ts');
  checkDistinctNames(files);
  const bar = !quiet && io.isTerminal;
  const outcomes = await renderBatch(
    files.map((input) => ({ ...options, input })),
    (outcome, done) => {
      if (bar) io.stderr(progressBar(done, files.length));
      if (!outcome.ok) io.stderr(`${bar ? '\n' : ''}${outcome.message}\n`);
      else if (!quiet && !bar) report(io, quiet, [...outcome.result.warnings, ...outcome.result.written.map((path) => `wrote ${path}`)]);
    },
  );
  if (bar) io.stderr('\n');
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length > 0) {
    throw new TimelineError(
      `${failed.length} of ${files.length} timelines failed; the others were written.`,
      failed.some((o) => !o.ok && o.exitCode === ERROR_KINDS.internal.exitCode) ? 'internal' : 'input',
    );
  }
}

/** Runs the preview server until the process is stopped (Ctrl-C). */
async function serve(command: Extract<Command, { command: 'serve' }>, io: Io): Promise<void> {
  const { startServer, serviceOptionsOf, exposureWarning } = await import('./serve/index.ts');
  const { expandInputs, checkDistinctNames } = await import('./batch/index.ts');
  if (command.inputs.length > 0) checkDistinctNames(await expandInputs(command.inputs));
  const service = serviceOptionsOf(command.options, process.env);
  const server = await startServer({
    inputs: command.inputs,
    host: command.host,
    port: command.port,
    maxQueued: command.queue,
    limits: command.limits,
    options: command.options,
    ...service,
  });
  const serving = command.options.preview
    ? `previews at ${server.url} (POST ${server.url}render for the API)`
    : `render API at ${server.url} (POST ${server.url}render; no previews: --no-preview)`;
  io.stderr(`timeline-render: ${serving}. Ctrl-C stops.\n`);
  const warning = exposureWarning(command.host, service.token);
  if (warning) io.stderr(`timeline-render: ${warning}\n`);
  // SIGTERM drains: renders in flight finish within --shutdown-grace, then the process exits 0.
  await new Promise<void>((resolve) => {
    const stop = () => {
      void server.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** Runs the command line and returns the exit code: 0 done, else the error's kind's (ERROR_KINDS: 1 bad input, 2 bad usage, 70 a bug of ours). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    await runCommand(await parseArgs(argv), io);
    return 0;
  } catch (error) {
    if (error instanceof TimelineError) {
      const prefix = error instanceof InputError ? '' : 'timeline-render: ';
      io.stderr(`${prefix}${error.message}\n${debug && error.stack ? error.stack + '\n' : ''}`);
      return error.exitCode;
    }
    const err = error as Error;
    io.stderr(
      debug
        ? `${err.stack}\n`
        : `timeline-render: internal error: ${err.message}\nRun again with --debug for the stack trace, and report it.\n`,
    );
    return ERROR_KINDS.internal.exitCode;
  }
}

export async function runFromProcess(): Promise<void> {
  process.exitCode = await main(hideBin(process.argv));
}
