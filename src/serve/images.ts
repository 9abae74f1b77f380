import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * The local images a data file names (`media/map.png` beside it), as written. Found in the
 * file's text, so every input form is covered; an address (`https:`, `data:`, `//host`) is not
 * a file here.
 */
export function localImageNames(text: string): string[] {
  const names = new Set(text.match(/[^"'\s,<>()|]+\.(?:png|jpe?g)\b/gi) ?? []);
  return [...names].filter((name) => !/^[a-z][a-z0-9+.-]*:/i.test(name) && !name.startsWith('//')).sort();
}

/**
 * The size and time of each local image a served data file names, for its tag: a photo
 * replaced under the same name must not be answered 304 from the old render. A name that is no
 * file counts as missing.
 */
export async function mediaStamps(file: string, data: Uint8Array): Promise<string> {
  const stamps = await Promise.all(
    localImageNames(Buffer.from(data).toString('utf8')).map(async (name) => {
      const info = await stat(resolve(dirname(file), name)).catch(() => undefined);
      return info ? `${name} ${info.size} ${info.mtimeMs}` : `${name} missing`;
    }),
  );
  return stamps.join('\n');
}
