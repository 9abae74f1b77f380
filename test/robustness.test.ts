import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { main, type Io } from '../src/cli.ts';
import { TimelineError } from '../src/errors.ts';
import { parseTimeline } from '../src/load/index.ts';
import { writeOutputs } from '../src/output.ts';
import { renderTimeline } from '../src/render/index.ts';
import { renderOptions } from '../src/options/index.ts';
import { DATA_FILE, fixture, runCli, SEED_ARTICLE, STACK_LINE, withTempDir } from './helpers.ts';
import { readPdf } from './support/pdf.ts';

interface Run {
  code: number;
  stderr: string;
  stdout: string;
}

/** The CLI in this process: the same main() the bin calls, with its output captured. */
async function cli(args: string[]): Promise<Run> {
  let stderr = '';
  let stdout = '';
  const io: Io = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  };
  const code = await main(args, io);
  return { code, stderr, stdout };
}

const corpus = JSON.parse(readFileSync(fixture('bad/expected.json'), 'utf8')) as Record<string, { contains: string; place?: string }>;

test('the bad-input corpus has at least 30 files, each with its expected message', () => {
  assert.ok(Object.keys(corpus).length >= 30, `${Object.keys(corpus).length} fixtures`);
  for (const name of Object.keys(corpus)) assert.ok(existsSync(fixture(`bad/${name}`)), name);
});

for (const [name, expected] of Object.entries(corpus)) {
  test(`bad input ${name}: exit 1, a few lines naming the file and place, no stack, nothing written`, async () => {
    await withTempDir(async (dir) => {
      const out = join(dir, 'out');
      const file = fixture(`bad/${name}`);
      const run = await cli([file, '--out', out]);
      assert.is(run.code, 1, run.stderr);
      const lines = run.stderr.trimEnd().split('\n');
      assert.ok(lines.length <= 8, `${lines.length} lines`);
      for (const line of lines) assert.ok(line.startsWith(file), `names the file: ${line}`);
      assert.match(run.stderr, expected.contains);
      if (expected.place) {
        const placed = /^\d+:\d+$/.test(expected.place) ? `${file}:${expected.place}: ` : `${file}: ${expected.place}: `;
        assert.ok(run.stderr.includes(placed), `place ${placed} in:\n${run.stderr}`);
      }
      assert.not.match(run.stderr, STACK_LINE);
      assert.is(run.stdout, '');
      assert.ok(!existsSync(out) || readdirSync(out).length === 0, 'nothing written');
    });
  });
}

test('the real process gives the same: exit 1 and the message, a stack only with --debug', () => {
  const file = fixture('bad/unknown-actor.json');
  const plain = runCli([file, '--out', '/tmp/timeline-render-never']);
  assert.is(plain.status, 1);
  assert.match(plain.stderr, `${file}: events[1].actor`);
  assert.not.match(plain.stderr, STACK_LINE);
  const debug = runCli([file, '--out', '/tmp/timeline-render-never', '--debug']);
  assert.match(debug.stderr, STACK_LINE);
});

/** A deterministic pseudo-random sequence (LCG), so the fuzz test is the same on every run. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function mutateBytes(bytes: Buffer, random: () => number): Buffer {
  const copy = Buffer.from(bytes);
  const kind = Math.floor(random() * 4);
  const at = Math.floor(random() * copy.length);
  if (kind === 0) return copy.subarray(0, at);
  if (kind === 1) {
    copy[at] = Math.floor(random() * 256);
    return copy;
  }
  if (kind === 2) return Buffer.concat([copy.subarray(0, at), copy.subarray(at + 1 + Math.floor(random() * 20))]);
  return Buffer.concat([copy.subarray(0, at), Buffer.from([Math.floor(random() * 256), 0x22, 0x7b, 0x5d]), copy.subarray(at)]);
}

const VALUES = [null, 0, -1, 1e308, '', ' ', 'x'.repeat(300), [], {}, true, '2019-02-30', '#zzzzzz', 'Summer 1', '<script>'];

function mutateStructure(doc: Record<string, unknown>, random: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
  const events = copy.events as Array<Record<string, unknown>>;
  const target: Record<string, unknown> = random() < 0.7 ? events[Math.floor(random() * events.length)]! : copy;
  const keys = Object.keys(target);
  const key = keys[Math.floor(random() * keys.length)]!;
  const action = Math.floor(random() * 3);
  if (action === 0) delete target[key];
  else if (action === 1) target[key] = VALUES[Math.floor(random() * VALUES.length)];
  else events.push(...events.slice(0, Math.floor(random() * 5)));
  return copy;
}

test('fuzz: 600 mutations of the seed files end in a timeline or a clean error, never a crash', async () => {
  const random = lcg(20261128);
  const json = readFileSync(DATA_FILE);
  const article = readFileSync(SEED_ARTICLE);
  const doc = JSON.parse(json.toString()) as Record<string, unknown>;
  const loaded: Buffer[] = [];
  for (let i = 0; i < 600; i++) {
    const [bytes, file] =
      i % 3 === 0
        ? [mutateBytes(article, random), 'fuzz.txt']
        : i % 3 === 1
          ? [mutateBytes(json, random), 'fuzz.json']
          : [Buffer.from(JSON.stringify(mutateStructure(doc, random))), 'fuzz.json'];
    try {
      parseTimeline(bytes, file);
      if (file.endsWith('.json')) loaded.push(bytes);
    } catch (error) {
      assert.instance(error, TimelineError, `mutation ${i} crashed: ${(error as Error).stack}`);
      assert.ok((error as Error).message.startsWith(file), `mutation ${i}: the message names the file`);
    }
  }
  assert.ok(loaded.length > 20, `${loaded.length} mutations still loaded`);
  // Render a few that loaded, end to end: a valid-but-odd timeline must still draw.
  for (const bytes of loaded.slice(0, 4)) {
    const { timeline } = parseTimeline(bytes, 'fuzz.json');
    try {
      const files = await renderTimeline(timeline, renderOptions({ formats: ['pdf'] }));
      assert.ok(files[0]!.bytes.subarray(0, 5).toString() === '%PDF-');
    } catch (error) {
      assert.instance(error, TimelineError, (error as Error).stack);
    }
  }
});

test('each limit stops the render with a message naming it and the option that raises it', async () => {
  const cases: Array<[string[], string]> = [
    [['--max-events', '5'], '--max-events 21'],
    [['--max-text', '40'], '--max-text'],
    [['--max-input', '100'], '--max-input'],
    // PNG alone in the two image limits: a PDF asked for too would still be written (partial-presets.test.ts).
    [['--max-pixels', '1000000', '--format', 'png'], '--max-pixels'],
    [['--max-pages', '1', '--format', 'pdf'], '--max-pages 3'],
    // At 2 slides a post even a series of 3 carousels cannot hold the seed's 10 event slides.
    [['--preset', 'instagram', '--max-slides', '2', '--format', 'png'], '--max-slides'],
  ];
  for (const [args, option] of cases) {
    await withTempDir(async (dir) => {
      const run = await cli([DATA_FILE, '--out', dir, ...args]);
      assert.is(run.code, 1, `${args.join(' ')}: ${run.stderr}`);
      assert.ok(run.stderr.startsWith(DATA_FILE), run.stderr);
      assert.match(run.stderr, option);
      assert.equal(readdirSync(dir), [], 'nothing written');
    });
  }
});

test('outputs are renamed into place: a failure midway leaves earlier files whole and no temporary files', async () => {
  await withTempDir(async (dir) => {
    mkdirSync(join(dir, 'second.txt'));
    try {
      await writeOutputs(dir, [
        { name: 'first.txt', bytes: Buffer.from('whole\n') },
        { name: 'second.txt', bytes: Buffer.from('x') },
      ]);
      assert.unreachable('writing over a folder must fail');
    } catch (error) {
      assert.instance(error, TimelineError);
    }
    assert.is(readFileSync(join(dir, 'first.txt'), 'utf8'), 'whole\n');
    assert.equal(readdirSync(dir).sort(), ['first.txt', 'second.txt']);
  });
});

function whole(path: string): boolean {
  const bytes = readFileSync(path);
  if (path.endsWith('.png')) {
    PNG.sync.read(bytes);
    return true;
  }
  if (path.endsWith('.pdf')) return bytes.subarray(-8).toString('latin1').includes('%%EOF');
  return bytes.toString().endsWith('\n');
}

test('kill -9 while writing never leaves a half-written file under a final name', async () => {
  await withTempDir(async (dir) => {
    const child = spawn(process.execPath, ['bin/timeline-render.js', DATA_FILE, '--preset', 'all', '--out', dir, '--quiet']);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const started = Date.now();
    while (Date.now() - started < 60_000 && !readdirSync(dir).some((n) => !n.startsWith('.'))) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await exited;
    const finals = readdirSync(dir).filter((n) => !n.startsWith('.'));
    assert.ok(finals.length > 0, 'the kill came after some files were written');
    for (const name of finals) assert.ok(whole(join(dir, name)), `${name} is whole`);
  });
});

test('markup in titles and events is text: it renders literally in the PNG alt text and the PDF', async () => {
  await withTempDir(async (dir) => {
    const doc = {
      title: 'Tags <script>alert(1)</script> & "quotes" </svg>',
      actors: [{ id: 'A', color: '#1f5a96' }],
      events: [{ date: '2019', actor: 'A', text: 'x\u0007y <b>not bold</b> &amp; ]]> <!-- no comment -->' }],
    };
    const file = join(dir, 'markup.json');
    writeFileSync(file, JSON.stringify(doc));
    const run = await cli([file, '--out', dir]);
    assert.is(run.code, 0, run.stderr);
    assert.match(run.stderr, 'replaced control characters with spaces in events[0].text');
    const text = (await readPdf(readFileSync(join(dir, 'markup.pdf')))).pageTexts.join(' ');
    for (const literal of ['<script>alert(1)</script>', '"quotes" </svg>', '<b>not bold</b> &amp; ]]> <!-- no comment -->']) {
      assert.ok(text.includes(literal), `${literal} in ${text}`);
    }
    assert.ok(whole(join(dir, 'markup.png')));
    assert.match(readFileSync(join(dir, 'markup.alt.txt'), 'utf8'), 'x y <b>not bold</b>');
  });
});

test('control characters are replaced in every drawn field, neighbours and captions included', () => {
  const doc = {
    title: 'A\u0007',
    dek: 'B\u0007',
    actors: [{ id: 'A', color: '#1f5a96' }],
    events: [{ date: '2019', actor: 'A', text: 'x\u0001y', media: { src: 'm.png', caption: 'c\u0002' } }],
  };
  const { timeline, warnings } = parseTimeline(Buffer.from(JSON.stringify(doc)), 'controls.json');
  assert.equal([timeline.title, timeline.dek, timeline.events[0]!.text, timeline.events[0]!.media!.caption], ['A ', 'B ', 'x y', 'c ']);
  assert.equal(warnings, [
    'controls.json: warning: replaced control characters with spaces in title, dek, events[0].text, events[0].media.caption.',
  ]);
});

test('the same input gives byte-identical PNG and PDF files on every run', async () => {
  await withTempDir(async (dir) => {
    const [a, b] = [join(dir, 'a'), join(dir, 'b')];
    assert.is(runCli([DATA_FILE, '--out', a]).status, 0);
    assert.is(runCli([DATA_FILE, '--out', b]).status, 0);
    for (const name of ['syria-timeline.png', 'syria-timeline.pdf', 'syria-timeline.alt.txt']) {
      assert.ok(readFileSync(join(a, name)).equals(readFileSync(join(b, name))), `${name} differs between runs`);
    }
  });
});

test('output names cannot escape --out', async () => {
  for (const name of ['../escape', 'a/b', '.hidden', '..']) {
    const run = await cli([DATA_FILE, '--name', name, '--out', '/tmp/timeline-render-never']);
    assert.is(run.code, 2, name);
    assert.match(run.stderr, 'Invalid value for --name');
  }
  await withTempDir(async (dir) => {
    const out = join(dir, 'out');
    const run = await cli([`${fixture('inputs')}/../good.json`, '--out', out, '--format', 'pdf']);
    assert.is(run.code, 0, run.stderr);
    assert.equal(readdirSync(dir), ['out']);
    assert.equal(readdirSync(out), ['good.pdf']);
  });
});

test.run();

for (const name of ['no-title.csv', 'timelinejs-no-title.json']) {
  test(`a TimelineJS file with no title slide (${name}) renders, warning once that the title comes from its name`, async () => {
    await withTempDir(async (dir) => {
      const file = fixture(`inputs/${name}`);
      const run = await cli([file, '--out', dir]);
      assert.is(run.code, 0, run.stderr);
      const warnings = run.stderr.split('\n').filter((line) => line.includes('warning'));
      assert.is(warnings.length, 1, run.stderr);
      assert.match(warnings[0]!, `${file}: warning: no title slide`);
      const base = name.replace(/\.[a-z]+$/, '');
      assert.ok(existsSync(join(dir, `${base}.png`)) && existsSync(join(dir, `${base}.pdf`)), readdirSync(dir).join(', '));
    });
  });
}
