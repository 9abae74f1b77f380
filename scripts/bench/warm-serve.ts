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

async function post(url: string, query: string, body: string): Promise<void> {
  const response = await fetch(`${url}render?${query}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const bytes = await response.arrayBuffer();
  if (!response.ok) throw new Error(`POST /render?${query}: ${response.status} ${Buffer.from(bytes).toString('utf8').slice(0, 300)}`);
}

/**
 * Seconds the renders of `files` took through one server, its layout cache in a fresh folder,
 * after it rendered `warmUp` (other timelines: a repeated one would come from its caches).
 */
export async function timeWarmServe(kind: WarmKind, warmUp: string[], files: string[]): Promise<number> {
  const cacheHome = mkdtempSync(join(tmpdir(), 'bench-serve-cache-'));
  const server = spawn(process.execPath, ['bin/timeline-render.js', 'serve', '--port', '0'], { env: { ...process.env, XDG_CACHE_HOME: cacheHome }, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let said = '';
      server.stderr.on('data', (data: Buffer) => {
        said += data.toString();
        const found = said.match(/previews at (http:\/\/\S+\/)/);
        if (found) resolve(found[1]!);
      });
      server.on('exit', (code) => reject(new Error(`serve exited (${code}) before listening:\n${said}`)));
    });
    // Warm-up: every worker of the pool loads its modules and fonts before the clock.
    for (const file of warmUp) for (const query of REQUESTS[kind]) await post(url, query, readFileSync(file, 'utf8'));
    const bodies = files.map((file) => readFileSync(file, 'utf8'));
    const start = performance.now();
    for (const body of bodies) for (const query of REQUESTS[kind]) await post(url, query, body);
    return (performance.now() - start) / 1000;
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(cacheHome, { recursive: true, force: true });
  }
}
