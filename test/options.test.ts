import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseArgs, type Command } from '../src/cli/args.ts';
import { InputError, OptionError } from '../src/errors.ts';
import { PAGE_SIZES } from '../src/model/units.ts';
import { API_PARAMETERS, CONFIG_FILE_NAME, OPTIONS, optionsOf, readDefault, type OptionSpec } from '../src/options/index.ts';
import { startServer } from '../src/serve/index.ts';
import { fixture, readRepoText, REPO, runCli, withTempDir } from './helpers.ts';
import { readStructure } from './support/pdf-structure.ts';
import { optionsMarkdown, README_END, README_START } from '../scripts/options-readme.ts';

const GOOD = fixture('good.json');

/** Values to offer every shared option: each is refused or taken the same way by the command line and the API. */
const CANDIDATES = [
  '',
  '0',
  '0.4',
  '0.75',
  '1',
  '2',
  '3',
  '3.5',
  '10',
  '99',
  '100',
  '1.5',
  '-1',
  '07',
  'abc',
  'true',
  'false',
  'yes',
  'letter',
  'A4',
  '3.25inx21in',
  '1ptx1pt',
  '900inx900in',
  '0.5in',
  '12mm',
  '2in',
  '2.5in',
  '0.125in',
  'lots',
  'json',
  'CSV',
  'yaml',
  'png',
];

const table = suite('the options table');

table('every default is a value its own reader takes', () => {
  for (const spec of Object.values(OPTIONS) as Array<OptionSpec<unknown>>) {
    if (spec.default === undefined) continue;
    assert.not.throws(() => readDefault(spec), spec.name);
  }
});

table('every option a config file or the API takes is named once', () => {
  const names = Object.values(OPTIONS).map((spec) => spec.name);
  assert.equal(names, [...new Set(names)]);
});

table('README lists the options of the table, as scripts/options-readme.ts writes them', () => {
  const readme = readRepoText('README.md');
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  assert.ok(start >= 0 && end > start, `README.md has no ${README_START} ... ${README_END} section`);
  const listed = readme.slice(start + README_START.length, end).trim();
  assert.fixture(listed, optionsMarkdown().trim(), 'README is out of date: run node --import tsx scripts/options-readme.ts');
});

table("README's table of API parameters names every parameter the API takes", () => {
  const readme = readRepoText('README.md');
  const start = readme.indexOf('| parameter | values |');
  assert.ok(start >= 0, 'README.md has no table of API parameters');
  const rows = readme.slice(start).split('\n\n')[0]!;
  const named = new Set([...rows.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]));
  for (const spec of [...optionsOf('api').map(([, s]) => s), ...Object.values(API_PARAMETERS)])
    assert.ok(named.has(spec.name), `${spec.name} is not in README's table of API parameters`);
});

table.run();

/** Polls until `check` gives a value; a render on one worker takes seconds. */
async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('Timed out waiting for the preview');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type Outcome = { taken: true } | { taken: false; allowed: string };

async function fromCommandLine(name: string, value: string): Promise<Outcome> {
  try {
    await parseArgs([GOOD, `--${name}=${value}`]);
    return { taken: true };
  } catch (error) {
    if (!(error instanceof OptionError)) throw error;
    const prefix = `Invalid value for --${name}. `;
    assert.ok(error.message.startsWith(prefix), error.message);
    return { taken: false, allowed: error.message.slice(prefix.length) };
  }
}

const shared = suite('the command line and the API');

shared('refuse and take the same values of every option they share, in the same words', async () => {
  const both = optionsOf('render')
    .filter(([, spec]) => spec.takes.includes('api'))
    .map(([, spec]) => spec);
  assert.ok(both.length >= 8, `only ${both.map((s) => s.name).join(', ')}`);
  const server = await startServer({ port: 0, workers: 1 });
  try {
    for (const spec of both) {
      for (const value of CANDIDATES) {
        const cli = await fromCommandLine(spec.name, value);
        // An empty body is bad input: a parameter taken gets as far as reading it, a refused one is answered before.
        const response = await fetch(`${server.url}render?${new URLSearchParams({ [spec.name]: value })}`, { method: 'POST', body: '{}' });
        const body = (await response.json()) as { error: string; message: string };
        assert.is(response.status, 400, `${spec.name}=${value}`);
        const where = `--${spec.name}=${JSON.stringify(value)}: CLI ${cli.taken ? 'takes' : 'refuses'}, API answers ${body.error}: ${body.message}`;
        assert.is(body.error === 'bad-parameter', !cli.taken, where);
        if (!cli.taken) assert.is(body.message, `Invalid value for ${spec.name}. ${cli.allowed}`, where);
      }
    }
  } finally {
    await server.close();
  }
});

shared('an API parameter the table does not have is refused, with the ones it takes', async () => {
  const server = await startServer({ port: 0, workers: 1 });
  try {
    const response = await fetch(`${server.url}render?scal=3&preset=og`, { method: 'POST', body: '{}' });
    assert.is(response.status, 400);
    const body = (await response.json()) as { error: string; message: string };
    assert.is(body.error, 'bad-parameter');
    assert.match(body.message, 'Unknown parameter "scal". Allowed: ');
    for (const [, spec] of optionsOf('api')) assert.match(body.message, spec.name);
    assert.match(body.message, 'slide');
  } finally {
    await server.close();
  }
});

shared.run();

const config = suite('timeline-render.config.json');

/** A data file in its own folder with a config file beside it. */
async function withHouse<T>(settings: unknown, fn: (dir: string, data: string) => T | Promise<T>): Promise<T> {
  return withTempDir((dir) => {
    const data = join(dir, 'story.json');
    copyFileSync(join(REPO, GOOD), data);
    writeFileSync(join(dir, CONFIG_FILE_NAME), typeof settings === 'string' ? settings : JSON.stringify(settings, null, 2));
    return fn(dir, data);
  });
}

const renderCommand = async (args: string[]): Promise<Extract<Command, { command: 'render' }>> => {
  const command = await parseArgs(args);
  if (command.command !== 'render') throw new Error(`parsed as ${command.command}`);
  return command;
};

const HOUSE = {
  page: 'a4',
  margin: '12mm',
  'max-slides': 12,
  format: ['pdf'],
  preset: 'tall,og',
  cmyk: true,
  theme: 'house-theme.json',
  out: 'published',
};

config('the config file beside the data sets the house options, and paths in it are read from its folder', async () => {
  await withHouse(HOUSE, async (dir, data) => {
    const { job, out } = await renderCommand([data]);
    assert.equal(job.page, PAGE_SIZES.a4);
    assert.ok(Math.abs(job.margin! - (12 * 72) / 25.4) < 1e-9, String(job.margin));
    assert.equal([job.maxSlides, job.formats, job.presets, job.cmyk], [12, ['pdf'], ['tall', 'og'], true]);
    assert.is(job.theme, join(dir, 'house-theme.json'));
    assert.is(out, join(dir, 'published'));
    // Unset in the file: the table's default.
    assert.equal([job.scale, job.bleed, job.keepOrder], [2, 0, false]);
  });
});

config('a flag wins over the config file, which wins over the default', async () => {
  await withHouse(HOUSE, async (_dir, data) => {
    const { job } = await renderCommand([data, '--page', 'tabloid', '--max-slides', '5', '--format', 'png', '--no-cmyk']);
    assert.equal(job.page, PAGE_SIZES.tabloid);
    assert.equal([job.maxSlides, job.formats, job.cmyk], [5, ['png'], false]);
    assert.equal(job.presets, ['tall', 'og'], 'what no flag gives still comes from the file');
  });
});

config('--config names a config file elsewhere; without one, the defaults', async () => {
  await withTempDir(async (dir) => {
    const named = join(dir, 'newsroom.json');
    writeFileSync(named, JSON.stringify({ page: 'tabloid', scale: 3 }));
    const { job } = await renderCommand([GOOD, '--config', named]);
    assert.equal([job.page, job.scale], [PAGE_SIZES.tabloid, 3]);
    const plain = await renderCommand([GOOD]);
    assert.equal([plain.job.page, plain.job.scale, plain.job.maxSlides], [PAGE_SIZES.letter, 2, readDefault(OPTIONS.maxSlides)]);
  });
});

config('the render uses the house settings: only the PDF, on A4', async () => {
  await withHouse({ format: 'pdf', page: 'a4' }, async (dir, data) => {
    const out = join(dir, 'out');
    const run = runCli([data, '--out', out]);
    assert.is(run.status, 0, run.stderr);
    assert.equal(readdirSync(out), ['story.pdf']);
    assert.equal(await pageOf(new Uint8Array(readFileSync(join(out, 'story.pdf')))), [595, 842]);
  });
});

config('a bad value in the config file: exit 1, naming the file and the key, nothing written', async () => {
  await withHouse({ page: 'a4', 'max-slides': 1 }, (dir, data) => {
    const out = join(dir, 'out');
    const run = runCli([data, '--out', out]);
    assert.is(run.status, 1, run.stderr);
    assert.is(
      run.stderr.trim(),
      `${join(dir, CONFIG_FILE_NAME)}: max-slides: Invalid value for max-slides. Allowed: a whole number from 2 to 99. Received: 1.`,
    );
    assert.not.ok(existsSync(out));
  });
});

config('a config file that is not JSON, or names an unknown option, is bad input with its place', async () => {
  await withHouse('{ "page": "a4",\n  "scale" 2 }', async (dir, data) => {
    const error = await parseArgs([data]).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.instance(error, InputError);
    assert.match((error as InputError).message, `${join(dir, CONFIG_FILE_NAME)}:2:`);
  });
  await withHouse({ pgae: 'a4' }, async (dir, data) => {
    const error = (await parseArgs([data]).then(
      () => undefined,
      (e: unknown) => e,
    )) as InputError;
    assert.instance(error, InputError);
    assert.match(error.message, `${join(dir, CONFIG_FILE_NAME)}: pgae: Unknown option "pgae". Allowed: `);
  });
  await withHouse({ name: 'x' }, async (_dir, data) => {
    const error = (await parseArgs([data]).then(
      () => undefined,
      (e: unknown) => e,
    )) as InputError;
    assert.match(error.message, 'Unknown option "name"', 'a per-run option is not a house setting');
  });
  await withHouse({ cmyk: { on: true } }, async (_dir, data) => {
    const error = (await parseArgs([data]).then(
      () => undefined,
      (e: unknown) => e,
    )) as InputError;
    assert.match(error.message, 'cmyk: Invalid value for cmyk. Allowed: true, false.');
  });
});

/** The trim size of a PDF's first page, in whole points. */
async function pageOf(pdf: Uint8Array): Promise<number[]> {
  const trim = (await readStructure(pdf)).pages[0]!.trim;
  return [trim[2] - trim[0], trim[3] - trim[1]].map(Math.round);
}

config("serve: the preview and the API start from the house settings, a request's parameters over them", async () => {
  await withHouse({ page: 'a4' }, async (dir, data) => {
    const command = await parseArgs(['serve', dir, '--port', '0']);
    if (command.command !== 'serve') throw new Error(`parsed as ${command.command}`);
    const server = await startServer({ inputs: command.inputs, port: command.port, workers: 1, options: command.options });
    try {
      const body = readFileSync(data);
      const house = await fetch(`${server.url}render?format=pdf`, { method: 'POST', body });
      assert.is(house.status, 200);
      assert.equal(await pageOf(new Uint8Array(await house.arrayBuffer())), [595, 842]);
      const asked = await fetch(`${server.url}render?format=pdf&page=tabloid`, { method: 'POST', body });
      assert.equal(await pageOf(new Uint8Array(await asked.arrayBuffer())), [792, 1224]);
      const preview = await eventually(async () => {
        const response = await fetch(`${server.url}files/story/story.pdf`);
        return response.ok ? new Uint8Array(await response.arrayBuffer()) : undefined;
      });
      assert.equal(await pageOf(preview), [595, 842], "the preview's PDF");
    } finally {
      await server.close();
    }
  });
});

config("import and validate read the input as a render does: the config file's date order, a flag over it", async () => {
  await withTempDir((dir) => {
    const csv = join(dir, 'dates.csv');
    writeFileSync(csv, 'date,text\n9/11/2001,Event\n');
    writeFileSync(join(dir, CONFIG_FILE_NAME), JSON.stringify({ 'date-order': 'dmy' }));
    const start = (args: string[]) => {
      const run = runCli(['import', csv, ...args]);
      assert.is(run.status, 0, run.stderr);
      return (JSON.parse(run.stdout) as { events: Array<{ start?: string }> }).events[0]!.start;
    };
    assert.is(start([]), '2001-11-09');
    // In the US order the date needs no start of its own: it reads as written, 11 September.
    assert.is.not(start(['--date-order', 'mdy']), '2001-11-09');
    writeFileSync(join(dir, CONFIG_FILE_NAME), JSON.stringify({ 'date-order': 'ymd' }));
    const bad = runCli(['validate', csv]);
    assert.is(bad.status, 1);
    assert.match(bad.stderr, `${join(dir, CONFIG_FILE_NAME)}: date-order: Invalid value for date-order.`);
  });
});

config("timeline-render.config.js: a module's settings, read as the JSON file's are; one that throws is bad input", async () => {
  await withTempDir(async (dir) => {
    const data = join(dir, 'story.json');
    copyFileSync(join(REPO, GOOD), data);
    const module = join(dir, 'timeline-render.config.js');
    writeFileSync(module, "module.exports = { page: 'a4', 'max-slides': 2 * 6, theme: 'house.json' };\n");
    const { job } = await renderCommand([data]);
    assert.equal([job.page, job.maxSlides, job.theme], [PAGE_SIZES.a4, 12, join(dir, 'house.json')]);
    writeFileSync(join(dir, 'broken.cjs'), "throw new Error('no house here');\n");
    const error = (await parseArgs([data, '--config', join(dir, 'broken.cjs')]).then(
      () => undefined,
      (e: unknown) => e,
    )) as InputError;
    assert.instance(error, InputError);
    assert.is(error.message, `${join(dir, 'broken.cjs')}: The config module failed to load: no house here`);
  });
});

config('a switch given a value on the command line is read as the API reads it', async () => {
  assert.is((await renderCommand([GOOD, '--cmyk=true'])).job.cmyk, true);
  assert.is((await renderCommand([GOOD, '--cmyk=false'])).job.cmyk, false);
  const error = (await parseArgs([GOOD, '--cmyk=yes']).then(
    () => undefined,
    (e: unknown) => e,
  )) as OptionError;
  assert.is(error.message, 'Invalid value for --cmyk. Allowed: true, false. Received: "yes".');
});

config.run();
