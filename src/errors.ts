import type { Diagnostic } from './model/types.ts';

/**
 * Every kind of failure, with the exit code the command line ends with for it (the HTTP API
 * answers 400 for input and usage, 500 for internal). The one place these codes are decided.
 */
export const ERROR_KINDS = {
  /** Bad input: a data, theme, template or config file, or a render it asks for that cannot be made. */
  input: { exitCode: 1 },
  /** Bad usage: an option's value, or the command line itself. */
  usage: { exitCode: 2 },
  /** A bug of ours: the message asks for a report. */
  internal: { exitCode: 70 },
  /** The result was no longer wanted (a newer save, a client gone, Ctrl-C): 128 + SIGINT, as shells do. */
  cancelled: { exitCode: 130 },
} as const;

export type ErrorKind = keyof typeof ERROR_KINDS;
export type ExitCode = (typeof ERROR_KINDS)[ErrorKind]['exitCode'];

/** The errors timeline-render means to throw: each has a kind, its exit code, and a message fit for a person. */
export class TimelineError extends Error {
  readonly exitCode: ExitCode;

  constructor(
    message: string,
    readonly kind: ErrorKind = 'input',
  ) {
    super(message);
    this.name = 'TimelineError';
    this.exitCode = ERROR_KINDS[kind].exitCode;
  }
}

/** An option's value refused, by the library or a command: "Invalid value for --page. Allowed: ...". */
export class OptionError extends TimelineError {
  constructor(message: string) {
    super(message, 'usage');
    this.name = 'OptionError';
  }
}

/** The command line misused (no input, --name with several inputs): exit code 2. */
export class UsageError extends TimelineError {
  constructor(message: string) {
    super(message, 'usage');
    this.name = 'UsageError';
  }
}

/**
 * A drawing the PDF writer cannot make, named by the template style that asks for it. Our own
 * template never asks for one, so it is a bug of ours until the render knows a user's template
 * drew it (the job then names that template file); `part` says which part, once known.
 */
export class UnsupportedFeatureError extends TimelineError {
  part: string | undefined;

  constructor(readonly feature: string) {
    super(`The PDF writer cannot draw ${feature}.`, 'internal');
    this.name = 'UnsupportedFeatureError';
  }
}

/** One line per problem: `file:3:14: message` for a place in the text, `file: events[3].actor: message` for a field. */
export function formatDiagnostic(file: string, diagnostic: Diagnostic): string {
  if (!diagnostic.place) return `${file}: ${diagnostic.message}`;
  return /^\d+:\d+$/.test(diagnostic.place)
    ? `${file}:${diagnostic.place}: ${diagnostic.message}`
    : `${file}: ${diagnostic.place}: ${diagnostic.message}`;
}

/** Bad input: exit code 1, every problem named with its file and place. */
export class InputError extends TimelineError {
  constructor(
    readonly file: string,
    readonly diagnostics: Diagnostic[],
  ) {
    super(diagnostics.map((d) => formatDiagnostic(file, d)).join('\n'), 'input');
    this.name = 'InputError';
  }
}

/** A render stopped because its result is no longer wanted: the file was saved again, or the client went away. */
export class CancelledError extends TimelineError {
  constructor() {
    super('The render was cancelled.', 'cancelled');
    this.name = 'CancelledError';
  }
}

/** What a render looks at between steps: an AbortSignal, or a flag another thread sets. */
export type CancelSignal = Pick<AbortSignal, 'aborted'>;

export function throwIfCancelled(signal: CancelSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
