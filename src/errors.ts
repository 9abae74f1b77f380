import type { Diagnostic } from './model/types.ts';

/** The one error type the CLI catches: it carries the exit code (1 bad input, 2 bad usage, 70 a bug of ours) and a message fit for a person. */
export class TimelineError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 | 70 = 1) {
    super(message);
    this.name = 'TimelineError';
  }
}

/** Bad usage of the command: exit code 2. */
export class UsageError extends TimelineError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
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
  constructor(readonly file: string, readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => formatDiagnostic(file, d)).join('\n'), 1);
    this.name = 'InputError';
  }
}

/** A render stopped because its result is no longer wanted: the file was saved again, or the client went away. */
export class CancelledError extends Error {
  constructor() {
    super('The render was cancelled.');
    this.name = 'CancelledError';
  }
}

/** What a render looks at between steps: an AbortSignal, or a flag another thread sets. */
export type CancelSignal = Pick<AbortSignal, 'aborted'>;

export function throwIfCancelled(signal: CancelSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
