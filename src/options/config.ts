import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../errors.ts';
import { parseJson } from '../load/json.ts';
import { decodeUtf8, readInputFile } from '../load/text.ts';
import type { OptionLayer } from './resolve.ts';
import { optionsOf } from './table.ts';
import type { GivenValue } from './values.ts';

/** A newsroom's house settings, found beside the data. */
export const CONFIG_FILE_NAME = 'timeline-render.config.json';

/** The names looked for beside the data, in this order: a module can work its settings out (from the environment, say). */
export const CONFIG_FILE_NAMES = [
  CONFIG_FILE_NAME,
  'timeline-render.config.js',
  'timeline-render.config.mjs',
  'timeline-render.config.cjs',
];

/** A config file holds a few dozen settings: anything near this is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** The folder a config file is looked for in: the input folder itself, or the folder of the input file; stdin looks in the working folder. */
async function dataFolder(input: string): Promise<string> {
  if (input === '-') return process.cwd();
  const info = await stat(input).catch(() => undefined);
  return info?.isDirectory() ? input : dirname(input);
}

/** The config file a run uses: the one `--config` names, else the first of CONFIG_FILE_NAMES beside the first input, else none. */
export async function findConfigFile(named: string | undefined, firstInput: string | undefined): Promise<string | undefined> {
  if (named !== undefined) return named;
  if (firstInput === undefined) return undefined;
  const folder = await dataFolder(firstInput);
  for (const name of CONFIG_FILE_NAMES) {
    const beside = join(folder, name);
    if ((await stat(beside).catch(() => undefined))?.isFile()) return beside;
  }
  return undefined;
}

const isModule = (file: string): boolean => /\.[cm]?js$/i.test(file);

/** A JSON config file's object, or its syntax error with line and column. */
async function readJsonConfig(file: string): Promise<unknown> {
  const bytes = await readInputFile(file, MAX_CONFIG_BYTES, (size) => `The config file has ${size} bytes; a config file is a few hundred.`);
  const decoded = decodeUtf8(bytes);
  if (decoded.text === undefined) throw new InputError(file, [decoded.diagnostic!]);
  const parsed = parseJson(decoded.text);
  if (parsed.diagnostic) throw new InputError(file, [parsed.diagnostic]);
  return parsed.value;
}

/** A config module's default export (`module.exports = { … }`, or `export default { … }` in an ES module). */
async function importConfig(file: string): Promise<unknown> {
  await readInputFile(file, MAX_CONFIG_BYTES, (size) => `The config file has ${size} bytes; a config file is a few hundred.`);
  try {
    return ((await import(pathToFileURL(resolve(file)).href)) as { default?: unknown }).default;
  } catch (error) {
    throw new InputError(file, [{ message: `The config module failed to load: ${(error as Error).message}` }]);
  }
}

function isGivenValue(value: unknown): value is GivenValue {
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
  return scalar(value) || (Array.isArray(value) && value.every(scalar));
}

/**
 * Reads a config file into a layer of options. It is input like the data: a fault exits 1,
 * naming the file and the key. A path in it (theme, template, out) is read from the config
 * file's folder, wherever the command runs.
 */
export async function loadConfigFile(file: string): Promise<OptionLayer> {
  const config = isModule(file) ? await importConfig(file) : await readJsonConfig(file);
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new InputError(file, [
      {
        message: `Invalid config file. Allowed: an object of options, such as { "page": "a4" }. Received: ${Array.isArray(config) ? 'a list' : JSON.stringify(config)}.`,
      },
    ]);
  }
  const specs = new Map(optionsOf('config').map(([, spec]) => [spec.name, spec]));
  const values: Record<string, GivenValue> = {};
  for (const [name, value] of Object.entries(config)) {
    const spec = specs.get(name);
    if (!spec)
      throw new InputError(file, [
        { place: name, message: `Unknown option ${JSON.stringify(name)}. Allowed: ${[...specs.keys()].join(', ')}.` },
      ]);
    if (!isGivenValue(value)) {
      throw new InputError(file, [
        {
          place: name,
          message: `Invalid value for ${name}. Allowed: ${spec.kind === 'switch' ? 'true, false' : 'a string, a number or a list of them'}. Received: ${JSON.stringify(value)}.`,
        },
      ]);
    }
    values[name] = spec.path && typeof value === 'string' && !isAbsolute(value) ? join(dirname(file), value) : value;
  }
  return {
    values,
    refuse: (spec, refusal) => new InputError(file, [{ place: spec.name, message: `Invalid value for ${spec.name}. ${refusal.message}` }]),
  };
}
