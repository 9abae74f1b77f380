import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
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
 */
export class DiskStore {
  readonly folder: string;
  private readonly maxBytes: number;
  private writable = true;
  private bytesSincePrune = 0;
  private pruned = false;
  /** Warnings not yet taken by a job's report. */
  private warnings: string[] = [];

  constructor(settings: LayoutCacheSettings) {
    this.folder = join(settings.dir, 'layout');
    this.maxBytes = settings.maxBytes;
  }

  private pathOf(key: string): string {
    return join(this.folder, key);
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
    // Used now: the pruning goes by modification time, least recently used first.
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // A read-only cache still serves its entries.
    }
    return body;
  }

  set(key: string, body: string): void {
    if (!this.writable) return;
    const path = this.pathOf(key);
    const temp = `${path}.${process.pid}-${threadId}-${randomBytes(4).toString('hex')}.tmp`;
    const text = `${MAGIC}${checksum(body)}\n${body}`;
    try {
      mkdirSync(this.folder, { recursive: true });
      writeFileSync(temp, text);
      renameSync(temp, path);
    } catch (error) {
      removeQuietly(temp);
      this.turnOffWriting(error as NodeJS.ErrnoException);
      return;
    }
    this.bytesSincePrune += Buffer.byteLength(text);
    // Once when a process first writes, then after each tenth of the bound it adds.
    if (!this.pruned || this.bytesSincePrune > this.maxBytes / 10) this.prune();
  }

  /** Warnings since the last call, for the report of the job that met them. */
  takeWarnings(): string[] {
    const taken = this.warnings;
    this.warnings = [];
    return taken;
  }

  private turnOffWriting(error: NodeJS.ErrnoException): void {
    this.writable = false;
    this.warnings.push(
      `timeline-render: warning: the layout cache in ${this.folder} cannot be written (${error.code ?? error.message}); rendering goes on without storing layouts. --cache-dir moves it, --no-cache turns it off.`,
    );
  }

  /** Removes the least recently used entries past the bound, and temporary files left by dead processes. */
  prune(): void {
    this.pruned = true;
    this.bytesSincePrune = 0;
    const entries: Array<{ path: string; size: number; used: number }> = [];
    let total = 0;
    try {
      for (const name of readdirSync(this.folder)) {
        const path = join(this.folder, name);
        const stats = statSync(path, { throwIfNoEntry: false });
        if (!stats?.isFile()) continue;
        if (name.endsWith('.tmp')) {
          if (Date.now() - stats.mtimeMs > STALE_TEMP_MS) removeQuietly(path);
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
      removeQuietly(entry.path);
      total -= entry.size;
    }
  }
}

/** Another process may have removed it first. */
function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Gone already, or not ours to remove: either way nothing to do.
  }
}

/** The cache the options ask for: none with --no-cache; the size is given in megabytes. */
export function layoutCacheSettings(options: {
  cache: boolean;
  cacheDir?: string | undefined;
  cacheSize: number;
}): LayoutCacheSettings | undefined {
  return options.cache ? { dir: options.cacheDir ?? defaultCacheDir(), maxBytes: options.cacheSize * 1024 * 1024 } : undefined;
}
