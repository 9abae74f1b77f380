// The render path run from dist/render.cjs through V8's code cache; the bin calls runRenderBundle.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

/**
 * The render path is one minified script, dist/render.cjs, compiled with V8's code cache: the
 * bytecode of every function the last run used, kept in the user's cache folder (the seed: about
 * 0.2 of 1.3 CPU-s saved). The cache is keyed by the script's hash, Node's version, the platform
 * and V8's flags (`v8Flags`, those the bin set); V8 itself refuses one made by another build or
 * under other flags.
 */
export async function runRenderBundle(v8Flags) {
  const file = fileURLToPath(new URL('../dist/render.cjs', import.meta.url));
  const source = readFileSync(file, 'utf8');
  const key = createHash('sha256')
    .update(source)
    .update([process.version, process.arch, process.platform, v8Flags, ...process.execArgv, process.env.NODE_OPTIONS ?? ''].join('\0'))
    .digest('hex')
    .slice(0, 32);
  const cacheFile = join(cacheFolder(), 'code', `render-${key}`);
  const cachedData = readCodeCache(cacheFile, key);
  const script = new Script(source, { filename: file, cachedData });
  const module = { exports: {} };
  const require = createRequire(file);
  script.runInThisContext()(
    module.exports,
    require,
    module,
    file,
    dirname(file),
    // A script from the code cache has no import() of its own on Node 20: a user's template or
    // config file, and the external ES module packages, are imported from here.
    (specifier) => import(specifier),
    pathToFileURL(file).href,
    (specifier) => import.meta.resolve(specifier),
    packageFileUrl,
  );
  await module.exports.runFromProcess();
  // Made after the run, so the functions compiled on the way are in it; only after a run that
  // succeeded, so a failed one (a typo in the input) does not leave a cache missing the renderers.
  if ((!cachedData || script.cachedDataRejected) && !process.exitCode) writeCodeCache(cacheFile, key, script.createCachedData());
}

/**
 * $XDG_CACHE_HOME/timeline-render, else ~/.cache/timeline-render, as the layout cache's default.
 * The code cache stays there whatever --cache-dir and --no-cache say: they are the layouts'.
 */
function cacheFolder() {
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'timeline-render');
}

const MAGIC = 'timeline-render code cache 1';
const checksum = (data) => createHash('sha256').update(data).digest('hex');

/**
 * The cached bytecode, or undefined when the file is missing, unreadable, made for another key or
 * damaged: V8 checks only a cache's header in a release build, so the whole body is checked here.
 */
function readCodeCache(path, key) {
  try {
    const bytes = readFileSync(path);
    const newline = bytes.indexOf(10);
    if (newline < 0) return undefined;
    const body = bytes.subarray(newline + 1);
    if (bytes.subarray(0, newline).toString('latin1') !== `${MAGIC} ${key} ${checksum(body)}`) return undefined;
    return body;
  } catch {
    return undefined;
  }
}

/**
 * Writes under a temporary name and renames, so a concurrent run reads all of a cache or none;
 * keeps the three newest caches (other builds, other Node versions). A folder that cannot be
 * written (read-only, full) is no error: the next run compiles again.
 */
function writeCodeCache(path, key, data) {
  try {
    const folder = dirname(path);
    mkdirSync(folder, { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${MAGIC} ${key} ${checksum(data)}\n`, 'latin1'), data]));
    renameSync(temporary, path);
    const now = Date.now();
    const entries = readdirSync(folder)
      .filter((name) => name.startsWith('render-'))
      .map((name) => ({ path: join(folder, name), name, time: statSync(join(folder, name)).mtimeMs }));
    const caches = entries.filter((entry) => !entry.name.endsWith('.tmp')).sort((a, b) => b.time - a.time);
    // A temporary file an hour old was left by a process that died between writing and renaming.
    const stale = entries.filter((entry) => entry.name.endsWith('.tmp') && now - entry.time > 3_600_000);
    for (const entry of [...caches.slice(3), ...stale]) rmSync(entry.path, { force: true });
  } catch {
    // Render on without a cache.
  }
}

/** The address of a bundled package's own file, for its import.meta.url: found as Node finds the package. */
function packageFileUrl(name, file) {
  const bundle = fileURLToPath(new URL('../dist/render.cjs', import.meta.url));
  for (let dir = dirname(bundle); ; dir = dirname(dir)) {
    const path = join(dir, 'node_modules', name, file);
    if (existsSync(path)) return pathToFileURL(path).href;
    if (dirname(dir) === dir) return pathToFileURL(bundle).href;
  }
}
