// npm run bench:serve (and the end of npm run bench): the render service under load, on loopback.
// One `timeline-render serve` process; clients of our own (node:http, keep-alive) send a fixed
// number of requests with a fixed concurrency and a time cap, then stop. Every answer must be
// 200 or 503 with Retry-After; a connection error is "lost", no answer in REQUEST_TIMEOUT "hung".
// Then a soak: 1,000 og renders through one server, its RSS (the process and its worker
// threads) sampled every 100, and the slope after warm-up. `--quick` (or BENCH_QUICK=1) runs
// fewer requests, for a look rather than figures to publish. BENCH_SOAK_ONLY=1 runs the soak
// alone; BENCH_SOAK_RENDERS and BENCH_SOAK_WARM_UP change its counts (a longer look at memory).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticTimeline } from '../generate-timeline.ts';

const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const SOAK_RENDERS = Number(process.env.BENCH_SOAK_RENDERS ?? (QUICK ? 300 : 1000));
const SAMPLE_EVERY = 100;
/**
 * Renders before the soak is measured: the workers load their fonts and fill their layout
 * caches (16 M characters each, reached after about 500 different og cards a thread).
 */
const WARM_UP = Number(process.env.BENCH_SOAK_WARM_UP ?? (QUICK ? 300 : 1000));
const REQUEST_TIMEOUT_MS = 120_000;

interface Scenario {
  label: string;
  query: string;
  /** Requests sent in all; each body is a different timeline, so no cache answers for another. */
  requests: number;
  concurrency: number;
  /** The scenario stops sending at this time; requests still out are waited for. */
  capSeconds: number;
  events: number;
}

const SCENARIOS: Scenario[] = [
  { label: 'og card, 4 clients', query: 'preset=og', requests: QUICK ? 40 : 200, concurrency: 4, capSeconds: 120, events: 21 },
  {
    label: 'tall PNG 2x (21 events), 2 clients',
    query: 'preset=tall',
    requests: QUICK ? 10 : 40,
    concurrency: 2,
    capSeconds: 180,
    events: 21,
  },
  // Past the queue (16) and the workers: the overflow must be refused with 503 and Retry-After, not lost.
  { label: 'og card, 40 clients (overload)', query: 'preset=og', requests: QUICK ? 80 : 200, concurrency: 40, capSeconds: 120, events: 21 },
];

interface Answer {
  status: number | 'lost' | 'hung';
  ms: number;
  retryAfter: boolean;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function post(base: URL, query: string, body: string): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (status: Answer['status'], retryAfter = false) => resolve({ status, ms: performance.now() - started, retryAfter });
    const req = request(
      new URL(`render?${query}`, base),
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0, res.headers['retry-after'] !== undefined));
        res.on('error', () => done('lost'));
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => {
      req.destroy();
      done('hung');
    });
    req.on('error', () => done('lost'));
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function runScenario(base: URL, scenario: Scenario, seedBase: number): Promise<string> {
  const bodies = Array.from({ length: scenario.requests }, (_, i) => JSON.stringify(syntheticTimeline(scenario.events, seedBase + i)));
  const answers: Answer[] = [];
  const started = performance.now();
  const deadline = started + scenario.capSeconds * 1000;
  let next = 0;
  const client = async () => {
    while (next < bodies.length && performance.now() < deadline) {
      const body = bodies[next++]!;
      answers.push(await post(base, scenario.query, body));
    }
  };
  await Promise.all(Array.from({ length: scenario.concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  const rendered = answers.filter((a) => a.status === 200);
  const refused = answers.filter((a) => a.status === 503);
  const other = answers.filter((a) => a.status !== 200 && a.status !== 503);
  const latencies = rendered.map((a) => a.ms).sort((a, b) => a - b);
  const fine = other.length === 0 && refused.every((a) => a.retryAfter);
  // A lost, hung or other answer is a failure of the service, not a slow figure.
  if (!fine) process.exitCode = 1;
  return (
    `| ${scenario.label} | ${answers.length} of ${scenario.requests} in ${seconds.toFixed(1)} s | ${rendered.length} | ${refused.length}${refused.every((a) => a.retryAfter) ? '' : ' (some without Retry-After!)'} ` +
    `| ${other.length === 0 ? '0' : other.map((a) => a.status).join(', ')} | ${(rendered.length / seconds).toFixed(2)} | ${(percentile(latencies, 0.5) / 1000).toFixed(2)} s | ${(percentile(latencies, 0.99) / 1000).toFixed(2)} s | ${fine ? 'yes' : 'NO'} |`
  );
}

/** Resident memory of the server process, its worker threads included, in MiB. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return num / den;
}

/** Sends `count` og renders, two at a time, each of a different timeline from `seedBase`; samples RSS every SAMPLE_EVERY. */
async function ogRenders(
  base: URL,
  pid: number,
  count: number,
  seedBase: number,
): Promise<{ samples: Array<[number, number]>; statuses: Map<string, number> }> {
  const samples: Array<[number, number]> = [[0, rssMb(pid)]];
  const statuses = new Map<string, number>();
  let sent = 0;
  // Two clients keep both workers busy; every timeline differs, so the caches keep meeting new cards.
  const client = async () => {
    while (sent < count) {
      const n = sent++;
      const answer = await post(base, 'preset=og', JSON.stringify(syntheticTimeline(21, seedBase + n)));
      statuses.set(String(answer.status), (statuses.get(String(answer.status)) ?? 0) + 1);
      if ((n + 1) % SAMPLE_EVERY === 0) samples.push([n + 1, rssMb(pid)]);
    }
  };
  await Promise.all([client(), client()]);
  return { samples: samples.sort((a, b) => a[0] - b[0]), statuses };
}

async function soak(base: URL, pid: number): Promise<string[]> {
  const warmUp = await ogRenders(base, pid, WARM_UP, 10_000);
  const started = performance.now();
  const { samples, statuses } = await ogRenders(base, pid, SOAK_RENDERS, 100_000);
  const seconds = (performance.now() - started) / 1000;
  const perHundred = slope(samples) * 100;
  const mbs = samples.map(([, mb]) => mb);
  return [
    `Warm-up: ${WARM_UP} og renders of different timelines; RSS ${warmUp.samples.map(([n, mb]) => `${n}: ${mb.toFixed(0)}`).join(', ')} MiB.`,
    `Soak: ${SOAK_RENDERS} more og renders (2 clients, each timeline different) in ${seconds.toFixed(0)} s; answers ${[...statuses].map(([s, c]) => `${c}x ${s}`).join(', ')}.`,
    `RSS (MiB) every ${SAMPLE_EVERY} renders: ${samples.map(([n, mb]) => `${n}: ${mb.toFixed(0)}`).join(', ')}; from ${Math.min(...mbs).toFixed(0)} to ${Math.max(...mbs).toFixed(0)}.`,
    `Slope (least squares): ${perHundred >= 0 ? '+' : ''}${perHundred.toFixed(2)} MiB per 100 renders.`,
  ];
}

/** Waits until the server renders nothing: its preview of the one small file is done before the clock. */
async function idle(base: URL): Promise<void> {
  for (;;) {
    const { queued, running } = (await (await fetch(new URL('health', base))).json()) as { queued: number; running: number };
    if (queued === 0 && running === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function startServe(work: string, label: string): Promise<{ child: ChildProcess; base: URL }> {
  // One small file to preview (serve needs one); its renders are over before the load starts.
  const preview = mkdtempSync(join(work, `preview-${label}-`));
  writeFileSync(join(preview, 'small.json'), JSON.stringify(syntheticTimeline(3, 5)));
  const child = spawn(process.execPath, ['bin/timeline-render.js', 'serve', preview, '--host', '127.0.0.1', '--port', '0'], {
    cwd: process.cwd(),
    env: { ...process.env, XDG_CACHE_HOME: join(work, `xdg-${label}`) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const base = await new Promise<URL>((resolve, reject) => {
    let said = '';
    child.stderr!.on('data', (data: Buffer) => {
      said += data.toString();
      const found = said.match(/previews at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (found) resolve(new URL(found[1]!));
    });
    child.on('exit', (code) => reject(new Error(`serve exited (${code}) before listening:\n${said}`)));
  });
  await idle(base);
  return { child, base };
}

async function stopServe(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'bench-serve-'));
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    console.error(line);
  };
  try {
    if (process.env.BENCH_SOAK_ONLY === '1') {
      const server = await startServe(work, 'soak');
      for (const line of await soak(server.base, server.child.pid!)) say(line);
      say(`SIGTERM: exit code ${await stopServe(server.child)}.`);
      return;
    }
    say(
      `timeline-render serve under load${QUICK ? ' (quick)' : ''}: ${cpus().length} cores, ${cpus()[0]?.model ?? ''}, Node ${process.version}, loopback, default options (2 workers on 2 cores, queue 16).`,
    );
    let server = await startServe(work, 'load');
    // Warm-up: both workers load their modules and fonts before the clock.
    await Promise.all(Array.from({ length: 4 }, (_, i) => post(server.base, 'preset=og', JSON.stringify(syntheticTimeline(21, 900 + i)))));
    say('| load | answered | 200 | 503 | other | renders/s | p50 | p99 | every answer 200 or 503 + Retry-After |');
    say('|---|---|---|---|---|---|---|---|---|');
    for (const [i, scenario] of SCENARIOS.entries()) say(await runScenario(server.base, scenario, 1000 * (i + 1)));
    say(`SIGTERM: exit code ${await stopServe(server.child)}.`);
    server = await startServe(work, 'soak');
    for (const line of await soak(server.base, server.child.pid!)) say(line);
    say(`SIGTERM: exit code ${await stopServe(server.child)}.`);
  } finally {
    agent.destroy();
    rmSync(work, { recursive: true, force: true });
  }
  console.log(lines.join('\n'));
}

await main();
