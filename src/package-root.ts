import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Running from src/ (through tsx) rather than the compiled dist/: some files sit elsewhere then. */
export const FROM_SOURCE = import.meta.url.endsWith('.ts');

// The sources and the compiled bundle sit at different depths, so files shipped beside them
// (fonts/, the worker) are found from the package's root rather than from this module.
function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`timeline-render: no package.json above ${start}`);
  }
}

/** The folder holding timeline-render's package.json, fonts/ and dist/. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
