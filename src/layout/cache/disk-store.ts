import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { threadId } from 'node:worker_threads';

/** Where the layout cache lives and how large it may grow: resolved once, at the top. */
export interface LayoutCacheSettings {
  /** Folder of the cache; created when first written. */
  dir: string;
  /** Most bytes its entries may take; past it, the least recently used go first. */
  maxBytes: number;
}

/** `$XDG_CACHE_HOME/timeline-render`, or `~/.cache/timeline-render` (a relative XDG_CACHE_HOME is ignored, as the XDG spec says). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'timeline-render');
}

/** First line of every entry, then the SHA-256 of the body: an entry that does not match is never trusted. */
const MAGIC = 'timeline-render layout 1 ';
/** A temporary file this old was left by a process that died between writing and renaming. */
const STALE_TEMP_MS = 60 * 60 * 1000;
/** A prune empties down to this share of the bound, so the next entries do not prune again at once. */
const PRUNE_TO = 0.9;

const checksum = (body: string) => createHash('sha256').update(body).digest('base64url');

/**
 * Text entries by key in one folder, shared by concurrent processes: an entry is written under a
 * temporary name and renamed into place (readers see all of it or nothing), read back only when
 * its checksum matches, and the least recently used go once the folder passes its bound. A folder
 * that cannot be written (read-only, full, not a folder) turns writing off with one warning.
 * Writes and pruning run on libuv's threads, off the render's path (a warm server spent about
 * 35 ms a tall render in synchronous writes); `flush` waits for them.
 */
export class DiskStore {
  readonly folder: string;
  private readonly maxBytes: number;
  private writable = true;
  private bytesSincePrune = 0;
  private pruned = false;
  /** Writes, prunes and touches started and not yet done. */
  private readonly pending = new Set<Promise<void>>();
  /** Warnings not yet taken by a job's report. */
  private warnings: string[] = [];

  constructor(settings: LayoutCacheSettings) {
    this.folder = join(settings.dir, 'layout');
    this.maxBytes = settings.maxBytes;
  }

  private pathOf(key: string): string {
    return join(this.folder, key);
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** Resolves once everything started so far is on disk, or given up with its warning. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  /** The entry's body, or undefined when it is missing, unreadable or damaged. */
  get(key: string): string | undefined {
    const path = this.pathOf(key);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
    const newline = text.indexOf('\n');
    if (!text.startsWith(MAGIC) || newline < 0) return undefined;
    const body = text.slice(newline + 1);
    if (checksum(body) !== text.slice(MAGIC.length, newline)) return undefined;
    // Used now: the pruning goes by modification time, least recently used first. A read-only cache still serves its entries.
    const now = new Date();
    this.track(utimes(path, now, now).catch(() => undefined));
    return body;
  }

  /** Stores the entry in the background; `flush` waits for it. */
  set(key: string, body: string): void {
    if (!this.writable) return;
    this.track(this.write(this.pathOf(key), `${MAGIC}${checksum(body)}\n${body}`));
  }

  private async write(path: string, text: string): Promise<void> {
    const temp = `${path}.${process.pid}-${threadId}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(this.folder, { recursive: true });
      await writeFile(temp, text);
      await rename(temp, path);
    } catch (error) {
      await removeQuietly(temp);
      this.turnOffWriting(error as NodeJS.ErrnoException);
      return;
    }
    this.bytesSincePrune += Buffer.byteLength(text);
    // Once when a process first writes, then after each tenth of the bound it adds.
    if (!this.pruned || this.bytesSincePrune > this.maxBytes / 10) await this.prune();
  }

  /** Warnings since the last call, for the report of the job that met them. */
  takeWarnings(): string[] {
    const taken = this.warnings;
    this.warnings = [];
    return taken;
  }

  private turnOffWriting(error: NodeJS.ErrnoException): void {
    // Writes in flight fail together: one warning says it.
    if (!this.writable) return;
    this.writable = false;
    this.warnings.push(
      `timeline-render: warning: the layout cache in ${this.folder} cannot be written (${error.code ?? error.message}); rendering goes on without storing layouts. --cache-dir moves it, --no-cache turns it off.`,
    );
  }

  /** Removes the least recently used entries past the bound, and temporary files left by dead processes. */
  private async prune(): Promise<void> {
    this.pruned = true;
    this.bytesSincePrune = 0;
    const entries: Array<{ path: string; size: number; used: number }> = [];
    let total = 0;
    try {
      for (const name of await readdir(this.folder)) {
        const path = join(this.folder, name);
        const stats = await stat(path).catch(() => undefined);
        if (!stats?.isFile()) continue;
        if (name.endsWith('.tmp')) {
          if (Date.now() - stats.mtimeMs > STALE_TEMP_MS) await removeQuietly(path);
          continue;
        }
        entries.push({ path, size: stats.size, used: stats.mtimeMs });
        total += stats.size;
      }
    } catch {
      return;
    }
    if (total <= this.maxBytes) return;
    entries.sort((a, b) => a.used - b.used);
    for (const entry of entries) {
      if (total <= this.maxBytes * PRUNE_TO) break;
      await removeQuietly(entry.path);
      total -= entry.size;
    }
  }
}

/** Another process may have removed it first. */
async function removeQuietly(path: string): Promise<void> {
  // Gone already, or not ours to remove: either way nothing to do.
  await unlink(path).catch(() => undefined);
}

/** The cache the options ask for: none with --no-cache; the size is given in megabytes. */
export function layoutCacheSettings(options: {
  cache: boolean;
  cacheDir?: string | undefined;
  cacheSize: number;
}): LayoutCacheSettings | undefined {
  return options.cache ? { dir: options.cacheDir ?? defaultCacheDir(), maxBytes: options.cacheSize * 1024 * 1024 } : undefined;
}
