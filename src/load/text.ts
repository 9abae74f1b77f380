import { readFile, stat } from 'node:fs/promises';
import { InputError } from '../errors.ts';
import type { Diagnostic } from '../model/types.ts';

/** Line and column (both from 1) of a character offset. */
export function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${line}:${column}`;
}

/** UTF-8 bytes to text, without a byte-order mark; undefined with a diagnostic when the bytes are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): { text?: string; diagnostic?: Diagnostic } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, '') };
  } catch {
    return { diagnostic: { message: 'The file is not UTF-8 text. Save it as UTF-8 and try again.' } };
  }
}

/**
 * A file's bytes, refused with a message naming it when it is missing, a folder, unreadable
 * or larger than `maxBytes` (whose message `tooLarge` words).
 */
export async function readInputFile(file: string, maxBytes: number, tooLarge: (size: number) => string): Promise<Uint8Array> {
  try {
    const size = (await stat(file)).size;
    if (size > maxBytes) throw new InputError(file, [{ message: tooLarge(size) }]);
    return await readFile(file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'No such file.'
        : code === 'EISDIR'
          ? 'This is a folder, not a file.'
          : code === 'EACCES'
            ? 'Permission denied: the file cannot be read.'
            : `The file cannot be read (${code ?? (error as Error).message}).`;
    throw new InputError(file, [{ message: reason }]);
  }
}
