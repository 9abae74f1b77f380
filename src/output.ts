import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TimelineError } from './errors.ts';

export interface OutputFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * Writes each file under a temporary name in the output folder and renames it into place,
 * so a reader never sees a half-written file under the final name.
 */
export async function writeOutputs(outDir: string, files: readonly OutputFile[]): Promise<string[]> {
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw new TimelineError(
      `${outDir}: The output folder cannot be made (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
    );
  }
  const written: string[] = [];
  for (const file of files) {
    const target = join(outDir, file.name);
    const temporary = join(outDir, `.${file.name}.${process.pid}.tmp`);
    try {
      await writeFile(temporary, file.bytes);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw new TimelineError(
        `${target}: The file cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
      );
    }
    written.push(target);
  }
  return written;
}
