import { hideBin } from 'yargs/helpers';
import { parseArgs, type Command } from './cli/args.ts';
import { InputError, TimelineError } from './errors.ts';
import { loadTimeline, type LoadedTimeline } from './load/index.ts';
import { loadTemplate } from './load/template.ts';
import { loadThemeFile, resolveTheme } from './load/theme.ts';
import { outOfOrderPairs } from './model/dates.ts';
import { toNativeJson } from './model/native.ts';
import { writeOutputs } from './output.ts';
import { renderTimeline } from './render/index.ts';
import { Profiler } from './profile.ts';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function report(io: Io, quiet: boolean, lines: readonly string[]): void {
  if (!quiet && lines.length > 0) io.stderr(lines.join('\n') + '\n');
}

function orderWarnings(loaded: LoadedTimeline): string[] {
  const events = loaded.timeline.events;
  return outOfOrderPairs(events.map((e) => e.range)).map(({ first, second }) =>
    `${loaded.file}: warning: events[${first}] (${events[first]!.date}) is listed before events[${second}] (${events[second]!.date}), `
    + 'which is earlier; renders put them in date order, --keep-order keeps the source order.');
}

async function runCommand(command: Command, io: Io): Promise<void> {
  if (command.command === 'help') return;
  if (command.command === 'render') {
    const profile = new Profiler();
    const loaded = await profile.time('load', () => loadTimeline(command.input, command.from));
    report(io, command.quiet, loaded.warnings);
    const { formats, presets, keepOrder, scale, maxSlides, page, margin, bleed, cropMarks, cmyk } = command;
    const themeFile = command.theme === undefined ? undefined : await loadThemeFile(command.theme);
    const theme = resolveTheme(loaded.timeline, loaded.file, themeFile);
    const template = command.template === undefined ? undefined : await loadTemplate(command.template);
    const outputs = await renderTimeline(loaded.timeline, {
      formats, presets, keepOrder, scale, maxSlides, theme, page, margin, bleed, cropMarks, cmyk, profile, images: loaded.images, ...(template ? { template } : {}),
    });
    const base = command.name ?? loaded.name;
    const files = outputs.map((file) => ({ name: base + file.suffix, bytes: file.bytes }));
    const written = await profile.time('write', () => writeOutputs(command.out, files));
    report(io, command.quiet, written.map((path) => `wrote ${path}`));
    if (command.profile) io.stderr(profile.report() + '\n');
  } else if (command.command === 'validate') {
    const loaded = await loadTimeline(command.input, command.from);
    report(io, command.quiet, [...loaded.warnings, ...orderWarnings(loaded)]);
    const { events, actors } = loaded.timeline;
    io.stdout(`${loaded.file}: ok: ${events.length} events, ${actors.length} actors\n`);
  } else {
    const loaded = await loadTimeline(command.input, command.from);
    report(io, command.quiet, loaded.warnings);
    const timeline = { ...loaded.timeline };
    if (command.credit) timeline.credit = command.credit;
    if (command.source) timeline.source = command.source;
    io.stdout(toNativeJson(timeline));
  }
}

/** Runs the command line and returns the exit code: 0 done, 1 bad input, 2 bad usage, 70 a bug of ours. */
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
    io.stderr(debug ? `${err.stack}\n` : `timeline-render: internal error: ${err.message}\nRun again with --debug for the stack trace, and report it.\n`);
    return 70;
  }
}

export async function runFromProcess(): Promise<void> {
  process.exitCode = await main(hideBin(process.argv));
}
