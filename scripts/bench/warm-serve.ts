// The warm service's side of the bench: one `timeline-render serve` process, started and warmed
// up before the clock, renders each timeline through POST /render, one request at a time.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What one timeline costs the service: og is the 1200x630 card; tall is the PNG at 2x and the Letter PDF. */
export type WarmKind = 'og' | 'tall';

const REQUESTS: Record<WarmKind, string[]> = {
  og: ['format=png&preset=og'],
  tall: ['format=png&preset=tall', 'format=pdf'],
};

/** Runs `work` on each item, `lanes` at a time. */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function post(url: string, query: string, body: string): Promise<void> {
  const response = await fetch(`${url}render?${query}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const bytes = await response.arrayBuffer();
  if (!response.ok) throw new Error(`POST /render?${query}: ${response.status} ${Buffer.from(bytes).toString('utf8').slice(0, 300)}`);
}

/**
 * Seconds the renders of `files` took through one server, its layout cache in a fresh folder,
 * after it rendered `warmUp` (other timelines: a repeated one would come from its caches);
 * `lanes` clients send their requests at once, each waiting for its answer before the next.
 */
export async function timeWarmServe(kind: WarmKind, warmUp: string[], files: string[], lanes: number): Promise<number> {
  const cacheHome = mkdtempSync(join(tmpdir(), 'bench-serve-cache-'));
  // The API alone: a server previewing data/ would render the seed's every preset and its reel
  // in the background, taking the cores from the timed requests (it did, before --no-preview).
  const server = spawn(process.execPath, ['bin/timeline-render.js', 'serve', '--no-preview', '--port', '0'], {
    env: { ...process.env, XDG_CACHE_HOME: cacheHome },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let said = '';
      server.stderr.on('data', (data: Buffer) => {
        said += data.toString();
        const found = said.match(/render API at (http:\/\/\S+\/)/);
        if (found) resolve(found[1]!);
      });
      server.on('exit', (code) => reject(new Error(`serve exited (${code}) before listening:\n${said}`)));
    });
    const renderAll = (bodies: string[]) =>
      inLanes(bodies, lanes, async (body) => {
        for (const query of REQUESTS[kind]) await post(url, query, body);
      });
    // Warm-up in as many lanes: the pool starts a worker per request in flight, and each loads its modules and fonts before the clock.
    await renderAll(warmUp.map((file) => readFileSync(file, 'utf8')));
    const bodies = files.map((file) => readFileSync(file, 'utf8'));
    const start = performance.now();
    await renderAll(bodies);
    return (performance.now() - start) / 1000;
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(cacheHome, { recursive: true, force: true });
  }
}
