// npm run bench: whole-process timings of timeline-render against headless Chromium (the anchor).
// Each job: one warm-up, then RUNS runs; medians of wall and CPU seconds, and the peak RSS of the
// largest process, read from GNU time (/usr/bin/time) around each process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticTimeline } from './generate-timeline.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TIME = '/usr/bin/time';
const CHROMIUM = '/usr/bin/chromium';
const work = mkdtempSync(join(tmpdir(), 'bench-'));

interface Measure { wall: number; cpu: number; rssMb: number }

function measure(command: string[]): Measure {
  const result = spawnSync(TIME, ['-f', 'BENCH %e %U %S %M', ...command], { encoding: 'utf8' });
  const line = result.stderr.split('\n').find((l) => l.startsWith('BENCH '));
  if (result.status !== 0 || !line) throw new Error(`failed: ${command.join(' ')}\n${result.stderr.slice(-800)}`);
  const [wall, user, sys, rss] = line.split(' ').slice(1).map(Number) as [number, number, number, number];
  return { wall, cpu: user + sys, rssMb: rss / 1024 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function bench(label: string, command: string[]): Measure {
  measure(command);
  const runs = Array.from({ length: RUNS }, () => measure(command));
  const result = { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)), rssMb: Math.max(...runs.map((r) => r.rssMb)) };
  console.error(`  ${label}: ${result.wall.toFixed(2)} s wall, ${result.cpu.toFixed(2)} s cpu, ${result.rssMb.toFixed(0)} MiB`);
  return result;
}

const cli = (...args: string[]) => [process.execPath, 'bin/timeline-render.js', ...args, '--quiet'];

if (!existsSync(TIME)) {
  console.error(`${TIME} is missing (apt-get install time): it reads each process's CPU time and peak memory.`);
  process.exit(1);
}
const t120 = join(work, 't120.json');
writeFileSync(t120, JSON.stringify(syntheticTimeline(120)));
const t21 = join(work, 't21.json');
writeFileSync(t21, JSON.stringify(syntheticTimeline(21)));
const folder = join(work, 'many');
mkdirSync(folder);
// 50 different timelines of 21 events: copies of one file would let the layout cache answer for 49 of them.
for (let i = 0; i < 50; i++) writeFileSync(join(folder, `timeline-${String(i).padStart(2, '0')}.json`), JSON.stringify(syntheticTimeline(21, 100 + i)));
const out = join(work, 'out');

console.error(`timeline-render bench: ${RUNS} runs after a warm-up, medians; ${cpus().length} cores, ${cpus()[0]?.model ?? ''}, Node ${process.version}`);
const seed = bench('seed: PNG 2x + PDF', cli('data/syria-timeline.json', '--out', out));
const s21 = bench('21 synthetic events: PNG 2x + PDF', cli(t21, '--out', out));
const s120 = bench('120 synthetic events: PNG 2x + PDF', cli(t120, '--out', out));
const pdf120 = bench('120 synthetic events: PDF only', cli(t120, '--out', out, '--format', 'pdf'));
const batch = bench('50 timelines in one process', cli(folder, '--out', out));
const single = s21.wall * 50;

let anchor: Measure | undefined;
if (existsSync(CHROMIUM)) {
  anchor = bench('anchor: Chromium, PNG 2x + Letter PDF', [process.execPath, 'scripts/bench/anchor.mjs', 'data/syria-timeline.json', work]);
} else {
  console.error(`  anchor skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);
}

const profile = spawnSync(process.execPath, ['bin/timeline-render.js', 'data/syria-timeline.json', '--out', out, '--quiet', '--profile'], { encoding: 'utf8' }).stderr;

interface StageTimes { wall: number; cpu: number; worstCpu: number }

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
  return Object.fromEntries(names.map((name, i) => {
    const times = runs.map((run) => run[i]!);
    return [name, { wall: median(times.map((t) => t.wall)), cpu: median(times.map((t) => t.cpu)), worstCpu: Math.max(...times.map((t) => t.cpu)) }];
  }));
}
const pdfStages120 = stages(['pdf layout', 'pdf'], [t120, '--out', out, '--format', 'pdf']);
const [layoutStage120, pdfStage120] = [pdfStages120['pdf layout']!, pdfStages120.pdf!];
console.error(`  120 synthetic events, the pdf stage alone: ${pdfStage120.wall.toFixed(2)} s wall, ${pdfStage120.cpu.toFixed(2)} s cpu (worst ${pdfStage120.worstCpu.toFixed(2)})`);

const row = (name: string, m: Measure, note = '') => `| ${name} | ${m.wall.toFixed(2)} | ${m.cpu.toFixed(2)} | ${m.rssMb.toFixed(0)} | ${note} |`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const lines = [
  '| job | wall s | CPU s | peak MiB | vs target |',
  '|---|---|---|---|---|',
  row('seed (21 events): PNG 2x + PDF', seed, anchor ? `Chromium / this: ${ratio(anchor.wall, seed.wall)} wall, ${ratio(anchor.cpu, seed.cpu)} CPU, memory ${ratio(seed.rssMb, anchor.rssMb)} of Chromium's (targets 5x, 5x, 0.5x)` : 'no anchor'),
  row('21 synthetic events: PNG 2x + PDF', s21),
  row('120 synthetic events: PNG 2x + PDF', s120, `${ratio(s120.wall, s21.wall)} the 21-event job (target at most 6x); under 2 s: ${s120.wall < 2 ? 'yes' : 'no'}`),
  row('120 synthetic events: PDF only', pdf120, 'whole process: start-up, satori\'s layout of the cards, then the PDF'),
  `| 120 synthetic events: satori's layout of the cards at the page width ("pdf layout" stage) | ${layoutStage120.wall.toFixed(2)} | ${layoutStage120.cpu.toFixed(2)} | | |`,
  `| 120 synthetic events: the PDF from the laid-out cards ("pdf" stage; CPU of the whole process meanwhile, compiler and GC threads included) | ${pdfStage120.wall.toFixed(2)} | ${pdfStage120.cpu.toFixed(2)} | | worst of ${RUNS}: ${pdfStage120.worstCpu.toFixed(2)} s CPU; target under 0.5 s CPU: ${pdfStage120.worstCpu < 0.5 ? 'yes' : 'no'} |`,
  row('50 timelines in one process', batch, `50 separate runs: ${single.toFixed(1)} s; ${ratio(single, batch.wall)} faster (target 3x)`),
  ...(anchor ? [row('anchor: Chromium, PNG 2x + Letter PDF', anchor)] : []),
];
console.log(lines.join('\n'));
console.log('\nWhere the time goes in one seed render (--profile):\n\n```\n' + profile.trim() + '\n```');
rmSync(work, { recursive: true, force: true });
