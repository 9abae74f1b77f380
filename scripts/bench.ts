// npm run bench: whole-process timings of timeline-render against headless Chromium (the anchor),
// every row also as a ratio to the anchor measured in the same run. Each job: one warm-up, then
// RUNS runs; medians of wall and CPU seconds and the peak memory, summed over all the job's
// processes by a cgroup where one can be made (see Accounting), else GNU time's.
// `BENCH_QUICK=1 npm run bench` (or --quick here) makes fewer runs, for a look rather than
// figures to publish.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticTimeline } from './generate-timeline.ts';
import { timeWarmServe, type WarmKind } from './bench/warm-serve.ts';

const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const RUNS = Number(process.env.BENCH_RUNS ?? (QUICK ? 2 : 5));
/** 50 timelines in one process take half a minute a run. */
const BATCH_RUNS = QUICK ? 1 : 3;
/** Renders in each warm comparison, and how many times each side is timed (alternating, median). */
const WARM_RENDERS = QUICK ? 6 : 12;
const WARM_ROUNDS = QUICK ? 1 : 2;
const TIME = '/usr/bin/time';
const CHROMIUM = '/usr/bin/chromium';
const SEED = 'data/syria-timeline.json';
const work = mkdtempSync(join(tmpdir(), 'bench-'));

interface Measure {
  wall: number;
  cpu: number;
  rssMb: number;
}

/**
 * How a job's CPU and memory are counted. GNU time reads the rusage of the processes it waits
 * for: that is all of ours (one process), but Chromium's renderer, GPU and zygote processes are
 * not reaped up the chain, so their CPU went uncounted (measured: time said 0.95 CPU-s where the
 * kernel's cgroup said 1.9), and %M is the largest single process, not the browser's whole.
 * So where this user may make a cgroup (v1 cpuacct + memory, as root here), each job runs in a
 * fresh one, and CPU and peak memory are the kernel's sums over every process of the job, ours
 * and the anchor's alike. Elsewhere GNU time's figures stand, and the report says so.
 */
type Accounting = { kind: 'cgroup'; cpu: string; memory: string } | { kind: 'time' };

function cgroupAccounting(): Accounting {
  const cpu = '/sys/fs/cgroup/cpuacct';
  const memory = '/sys/fs/cgroup/memory';
  try {
    for (const root of [cpu, memory]) {
      const probe = join(root, `timeline-render-bench-${process.pid}`);
      mkdirSync(probe);
      rmdirSync(probe);
    }
    return { kind: 'cgroup', cpu, memory };
  } catch {
    return { kind: 'time' };
  }
}
const ACCOUNTING = cgroupAccounting();
let jobs = 0;

/** Runs `command` in new cgroups: returns its CPU seconds and peak memory (MiB) over all its processes. */
function inCgroup(accounting: Extract<Accounting, { kind: 'cgroup' }>, command: string[], env: NodeJS.ProcessEnv) {
  const name = `timeline-render-bench-${process.pid}-${++jobs}`;
  const [cpu, memory] = [join(accounting.cpu, name), join(accounting.memory, name)];
  mkdirSync(cpu);
  mkdirSync(memory);
  try {
    // The shell joins both groups, then becomes the job: every process the job starts is counted.
    const join_ = `echo $$ > ${cpu}/cgroup.procs && echo $$ > ${memory}/cgroup.procs && exec "$@"`;
    const result = spawnSync('/bin/sh', ['-c', join_, 'sh', ...command], { encoding: 'utf8', env });
    const cpuSeconds = Number(readFileSync(join(cpu, 'cpuacct.usage'), 'utf8')) / 1e9;
    const peakMb = Number(readFileSync(join(memory, 'memory.max_usage_in_bytes'), 'utf8')) / 1024 / 1024;
    return { result, cpuSeconds, peakMb };
  } finally {
    rmdirSync(cpu);
    rmdirSync(memory);
  }
}

/**
 * `cacheHome`: the XDG cache folder of the run. No run reads or fills the user's caches: by
 * default every run shares one folder of the bench's, so the code cache the bin keeps there
 * (V8's compiled render path, made by the first run) is warm, as it is for a user after the
 * first render; layout caches are named per run with --cache-dir.
 */
function measure(command: string[], cacheHome = join(work, 'xdg')): Measure {
  const env = { ...process.env, XDG_CACHE_HOME: cacheHome };
  const timed = [TIME, '-f', 'BENCH %e %U %S %M', ...command];
  const counted = ACCOUNTING.kind === 'cgroup' ? inCgroup(ACCOUNTING, timed, env) : undefined;
  const result = counted?.result ?? spawnSync(timed[0]!, timed.slice(1), { encoding: 'utf8', env });
  const line = result.stderr.split('\n').find((l) => l.startsWith('BENCH '));
  if (result.status !== 0 || !line) throw new Error(`failed: ${command.join(' ')}\n${result.stderr.slice(-800)}`);
  const [wall, user, sys, rss] = line.split(' ').slice(1).map(Number) as [number, number, number, number];
  if (counted) return { wall, cpu: counted.cpuSeconds, rssMb: counted.peakMb };
  return { wall, cpu: user + sys, rssMb: rss / 1024 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Times `commandOf(run)` once as a warm-up (run -1) and then `runs` times. */
function bench(label: string, commandOf: (run: number) => string[], runs = RUNS, cacheHomeOf?: (run: number) => string): Measure {
  measure(commandOf(-1), cacheHomeOf?.(-1));
  const measures = Array.from({ length: runs }, (_, run) => measure(commandOf(run), cacheHomeOf?.(run)));
  const result = {
    wall: median(measures.map((r) => r.wall)),
    cpu: median(measures.map((r) => r.cpu)),
    rssMb: Math.max(...measures.map((r) => r.rssMb)),
  };
  console.error(`  ${label}: ${result.wall.toFixed(2)} s wall, ${result.cpu.toFixed(2)} s cpu, ${result.rssMb.toFixed(0)} MiB`);
  return result;
}

const out = join(work, 'out');
const cli = (...args: string[]) => [process.execPath, 'bin/timeline-render.js', ...args, '--out', out, '--quiet'];
/** A layout cache folder no run used before: a cold start. */
const emptyCache = (label: string, run: number) => ['--cache-dir', join(work, `cache-${label}-${run + 1}`)];
/** One folder for every run of a job: warm after the warm-up. */
const sharedCache = (label: string) => ['--cache-dir', join(work, `cache-${label}`)];

if (!existsSync(TIME)) {
  console.error(`${TIME} is missing (apt-get install time): it reads each process's CPU time and peak memory.`);
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing (apt-get install chromium): every row is a ratio to it.`);
  process.exit(1);
}
const writeJson = (name: string, data: unknown) => {
  const path = join(work, name);
  writeFileSync(path, JSON.stringify(data));
  return path;
};
const t120 = writeJson('t120.json', syntheticTimeline(120));
const t21 = writeJson('t21.json', syntheticTimeline(21));
const folder = join(work, 'many');
mkdirSync(folder);
// Different timelines of 21 events: copies of one file would let the layout caches answer for all but the first.
const many = Array.from({ length: 50 }, (_, i) => {
  const path = join(folder, `timeline-${String(i).padStart(2, '0')}.json`);
  writeFileSync(path, JSON.stringify(syntheticTimeline(21, 100 + i)));
  return path;
});
const seedTimeline = JSON.parse(readFileSync(SEED, 'utf8')) as { events: Array<{ text: string }> };
/** The seed with one card's text changed, differently for each run: the other cards' layouts are in the cache. */
const seedEdited = (run: number) => {
  const edited = structuredClone(seedTimeline);
  edited.events[5]!.text += ` Edited for run ${run + 2}.`;
  return writeJson(`seed-edited-${run + 1}.json`, edited);
};

console.error(
  `timeline-render bench${QUICK ? ' (quick)' : ''}: ${RUNS} runs after a warm-up, medians; ${cpus().length} cores, ${cpus()[0]?.model ?? ''}, Node ${process.version}`,
);
console.error(
  ACCOUNTING.kind === 'cgroup'
    ? "  CPU and peak memory: the kernel's cgroup sums over every process of a job (Chromium's too)"
    : "  CPU and peak memory: GNU time's, which leave out Chromium's unreaped renderer and GPU processes (run as root for cgroup sums)",
);
const anchor = bench('anchor: Chromium, PNG 2x + Letter PDF', () => [process.execPath, 'scripts/bench/anchor.mjs', SEED, work]);
const seed = bench('seed: PNG 2x + PDF, empty cache', (run) => cli(SEED, ...emptyCache('seed', run)));
// A new XDG cache folder for each run: no code cache yet, as on the first render after installing.
const seedFirst = bench(
  'seed: first run after install (no code cache), empty layout cache',
  (run) => cli(SEED, ...emptyCache('seed-first', run)),
  RUNS,
  (run) => join(work, `xdg-first-${run + 1}`),
);
const seedWarm = bench('seed again, cache warm', () => cli(SEED, ...sharedCache('seed-warm')));
const seedEdit = bench('seed with one card edited, cache warm', (run) => cli(seedEdited(run), ...sharedCache('seed-edit')));
const seedNoCache = bench('seed, --no-cache', () => cli(SEED, '--no-cache'));
const s21 = bench('21 synthetic events: PNG 2x + PDF, empty cache', (run) => cli(t21, ...emptyCache('t21', run)));
const s120 = bench('120 synthetic events: PNG 2x + PDF, empty cache', (run) => cli(t120, ...emptyCache('t120', run)));
const pdf120 = bench('120 synthetic events: PDF only, empty cache', (run) => cli(t120, '--format', 'pdf', ...emptyCache('pdf120', run)));
// A 60 s video: each run encodes 1,800 frames, so fewer runs.
const reel = bench(
  'seed: the reel, empty cache',
  (run) => cli(SEED, '--preset', 'reel', '--format', 'png', ...emptyCache('reel', run)),
  QUICK ? 1 : 3,
);
const batch = bench('50 timelines in one process, empty cache', (run) => cli(folder, ...emptyCache('batch', run)), BATCH_RUNS);

const profile = spawnSync(process.execPath, ['bin/timeline-render.js', SEED, '--out', out, '--quiet', '--profile', '--no-cache'], {
  encoding: 'utf8',
}).stderr;

interface StageTimes {
  wall: number;
  cpu: number;
  worstCpu: number;
}

/** Stages of --profile, medians and the worst CPU over RUNS processes: what a whole-process timing cannot separate. */
function stages(names: string[], args: string[]): Record<string, StageTimes> {
  const runs = Array.from({ length: RUNS }, () => {
    const report = spawnSync(process.execPath, ['bin/timeline-render.js', ...args, '--quiet', '--profile'], { encoding: 'utf8' }).stderr;
    return names.map((name) => {
      const [, wall, cpu] = report.match(new RegExp(`^${name} +(\\d+) ms wall +(\\d+) ms cpu`, 'm')) ?? [];
      if (!wall || !cpu) throw new Error(`no ${name} stage in:\n${report}`);
      return { wall: Number(wall) / 1000, cpu: Number(cpu) / 1000 };
    });
  });
  return Object.fromEntries(
    names.map((name, i) => {
      const times = runs.map((run) => run[i]!);
      return [
        name,
        { wall: median(times.map((t) => t.wall)), cpu: median(times.map((t) => t.cpu)), worstCpu: Math.max(...times.map((t) => t.cpu)) },
      ];
    }),
  );
}
// Without the cache, so satori's layout is in the "pdf layout" stage.
const pdfStages120 = stages(['pdf layout', 'pdf'], [t120, '--out', out, '--format', 'pdf', '--no-cache']);
const [layoutStage120, pdfStage120] = [pdfStages120['pdf layout']!, pdfStages120.pdf!];
console.error(
  `  120 synthetic events, the pdf stage alone: ${pdfStage120.wall.toFixed(2)} s wall, ${pdfStage120.cpu.toFixed(2)} s cpu (worst ${pdfStage120.worstCpu.toFixed(2)})`,
);

interface Warm {
  chromium: number;
  serve: number;
}

/**
 * Renders per second of one warm Chromium and of one warm server, timed alternately, medians;
 * `lanes` renders in flight at once on each side (one client, or one per core as a busy service has).
 */
async function warm(kind: WarmKind, lanes: number): Promise<Warm> {
  const files = many.slice(0, WARM_RENDERS);
  // Timelines of their own, so the server's caches hold none of the timed ones.
  const warmUp = many.slice(WARM_RENDERS, WARM_RENDERS + 4);
  const chromium: number[] = [];
  const serve: number[] = [];
  for (let round = 0; round < WARM_ROUNDS; round++) {
    const browser = spawnSync(process.execPath, ['scripts/bench/warm-chromium.mjs', kind, String(lanes), out, warmUp[0]!, ...files], {
      encoding: 'utf8',
    });
    if (browser.status !== 0) throw new Error(`warm Chromium failed:\n${browser.stderr.slice(-800)}`);
    chromium.push(files.length / (JSON.parse(browser.stdout) as { seconds: number }).seconds);
    serve.push(files.length / (await timeWarmServe(kind, warmUp, files, lanes)));
  }
  const result = { chromium: median(chromium), serve: median(serve) };
  console.error(
    `  warm ${kind}, ${lanes} at a time: ${result.serve.toFixed(2)} timelines/s through serve, ${result.chromium.toFixed(2)} through Chromium`,
  );
  return result;
}
const lanes = [1, cpus().length];
// One comparison at a time: each needs the machine to itself.
const warmOg: Warm[] = [];
const warmTall: Warm[] = [];
for (const n of lanes) warmOg.push(await warm('og', n));
for (const n of lanes) warmTall.push(await warm('tall', n));

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const verdict = (value: number, most: number) => (value <= most ? 'met' : 'missed');
/** A row: the figures, and each as a share of the anchor's. */
const row = (name: string, m: Measure, note = '') =>
  `| ${name} | ${m.wall.toFixed(2)} | ${m.cpu.toFixed(2)} | ${m.rssMb.toFixed(0)} | ${ratio(m.wall, anchor.wall)} | ${ratio(m.cpu, anchor.cpu)} | ${ratio(m.rssMb, anchor.rssMb)} | ${note} |`;
const stageRow = (name: string, s: StageTimes, note = '') =>
  `| ${name} | ${s.wall.toFixed(2)} | ${s.cpu.toFixed(2)} | | ${ratio(s.wall, anchor.wall)} | ${ratio(s.cpu, anchor.cpu)} | | ${note} |`;
const warmRow = (name: string, w: Warm, least: number) =>
  `| ${name} | ${(1 / w.serve).toFixed(2)} per timeline | | | ${ratio(w.chromium, w.serve)} | | | ${ratio(w.serve, w.chromium)} Chromium's throughput (${w.serve.toFixed(2)} against ${w.chromium.toFixed(2)} timelines/s); target at least ${least}x: ${w.serve / w.chromium >= least ? 'met' : 'missed'} |`;
const seedNote = `targets: wall at most 0.75x (${verdict(seed.wall / anchor.wall, 0.75)}), CPU at most 1.0x (${verdict(seed.cpu / anchor.cpu, 1)}), memory at most 1.0x (${verdict(seed.rssMb / anchor.rssMb, 1)})`;
const lines = [
  '| job | wall s | CPU s | peak MiB | wall / Chromium | CPU / Chromium | memory / Chromium | target |',
  '|---|---|---|---|---|---|---|---|',
  row('anchor: Chromium, new browser: PNG 2x + Letter PDF of the seed', anchor, 'the anchor'),
  row('seed (21 events): PNG 2x + PDF, empty layout cache (code cache warm)', seed, seedNote),
  row('seed, first run after install: no code cache yet, empty layout cache', seedFirst),
  row('seed again, cache warm', seedWarm, `wall at most 0.5x: ${verdict(seedWarm.wall / anchor.wall, 0.5)}`),
  row('seed with one card edited, cache warm', seedEdit),
  row('seed, --no-cache', seedNoCache),
  row('21 synthetic events: PNG 2x + PDF, empty cache', s21),
  row(
    '120 synthetic events: PNG 2x + PDF, empty cache',
    s120,
    `${ratio(s120.wall, seed.wall)} the seed's wall time (target at most 3.5x: ${verdict(s120.wall / seed.wall, 3.5)})`,
  ),
  row('120 synthetic events: PDF only, empty cache', pdf120, "whole process: start-up, satori's layout of the cards, then the PDF"),
  stageRow('120 synthetic events: satori\'s layout of the cards at the page width ("pdf layout" stage, no cache)', layoutStage120),
  stageRow(
    '120 synthetic events: the PDF from the laid-out cards ("pdf" stage)',
    pdfStage120,
    `worst of ${RUNS}: ${pdfStage120.worstCpu.toFixed(2)} s CPU; under 0.5 s: ${pdfStage120.worstCpu < 0.5 ? 'yes' : 'no'}`,
  ),
  row(
    'seed: the reel, a 60 s 1080x1920 MP4 and its captions (--preset reel --format png), empty cache',
    reel,
    'frames drawn by resvg, encoded by the shipped ffmpeg (libx264)',
  ),
  row(
    '50 timelines in one process, empty cache',
    batch,
    `50 separate runs of the 21-event job: ${(s21.wall * 50).toFixed(1)} s; ${ratio(s21.wall * 50, batch.wall)} faster`,
  ),
  ...lanes.map((n, i) =>
    warmRow(
      `warm service, og card: ${WARM_RENDERS} timelines through one serve against one warm Chromium (a new page each), ${n} at a time`,
      warmOg[i]!,
      3,
    ),
  ),
  ...lanes.map((n, i) =>
    warmRow(`warm service, tall PNG 2x + Letter PDF: ${WARM_RENDERS} timelines the same way, ${n} at a time`, warmTall[i]!, 1.5),
  ),
];
console.log(lines.join('\n'));
console.log(
  ACCOUNTING.kind === 'cgroup'
    ? '\nCPU and peak memory are summed over every process of a job by the kernel (cgroup v1 cpuacct and memory).'
    : "\nCPU and peak memory are GNU time's: they leave out Chromium's renderer and GPU processes, so its CPU is undercounted (about half, measured) and its memory is its largest process.",
);
console.log('\nWhere the time goes in one seed render (--profile, --no-cache):\n\n```\n' + profile.trim() + '\n```');
rmSync(work, { recursive: true, force: true });
