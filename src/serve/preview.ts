import { existsSync, watch, type FSWatcher } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { WorkerPool } from '../batch/pool.ts';
import { InputError } from '../errors.ts';
import type { RenderJob } from '../job.ts';
import { INPUT_EXTENSIONS } from '../load/index.ts';
import { jobOptions, OPTIONS, resolveOptions, type JobOptions } from '../options/index.ts';
import { contentType, etagOf } from './http.ts';
import { localImageNames } from './images.ts';

/**
 * What the page shows of a timeline, each rendered as its own job, in this order, so the
 * quickest comes back first: the tall image sized for the screen, then the cuts, the Instagram
 * carousel, LinkedIn's document with its page images, the 2x file to download, the PDF with its
 * page images, and last the video, the slowest. The carousel, the document and the video are
 * parts of their own because a long timeline can pass their limits (slides, pages, seconds);
 * the other cuts still show.
 */
export const PARTS = ['screen', 'social', 'carousel', 'linkedin', 'tall', 'print', 'reel'] as const;
export type PartName = (typeof PARTS)[number];

/** Width of the PDF page images on the page, in pixels. */
const PAGE_IMAGE_WIDTH = 900;
/** Width of LinkedIn's document pages on the page: shown as small as the carousel's slides. */
const SLIDE_IMAGE_WIDTH = 540;

/** Suffix of the base name of the screen-sized tall image, beside the real one. */
export const SCREEN_SUFFIX = '.screen';

/**
 * The screen image is 810 px wide: the page shows it at most 400 CSS px wide on a desktop
 * (800 device pixels on a 2x display) and about 750 on a phone, and it has an eighth of the
 * 2x file's pixels: a 120-event timeline's save shows in about 1.6 s instead of 2.3 s at 1x.
 * It is read by the table's rule for --scale, as a user's would be.
 */
const SCREEN_SCALE = OPTIONS.scale.read(0.75, {});

/** What a part changes of the server's options (the table's defaults, the config file, the flags). */
type PartJob = Pick<RenderJob, 'formats' | 'presets'> & Partial<Pick<RenderJob, 'pageImageWidth' | 'scale' | 'name'>>;

const partJob = (id: string, part: PartName): PartJob =>
  (
    ({
      screen: { formats: ['png'], presets: ['tall'], scale: SCREEN_SCALE, name: id + SCREEN_SUFFIX },
      social: { formats: ['png'], presets: ['og', 'x', 'story'] },
      carousel: { formats: ['png'], presets: ['instagram'] },
      linkedin: { formats: ['png'], presets: ['linkedin'], pageImageWidth: SLIDE_IMAGE_WIDTH },
      reel: { formats: ['png'], presets: ['reel'] },
      tall: { formats: ['png'], presets: ['tall'] },
      print: { formats: ['pdf'], presets: [], pageImageWidth: PAGE_IMAGE_WIDTH },
    }) satisfies Record<PartName, PartJob>
  )[part];

export interface PreviewFile {
  name: string;
  bytes: Buffer;
  type: string;
  etag: string;
}

export interface PreviewEntry {
  /** The data file's name without its extension: unique among the served files. */
  id: string;
  file: string;
  title?: string;
  /** The last good render of each part: it stays on the page while the file is in error. */
  parts: Partial<Record<PartName, PreviewFile[]>>;
  /**
   * Why a part could not be drawn from the newest revision it tried. The screen image's error
   * is the file's own (every part reads the same file); another part's alone is that part's
   * limit, such as a carousel over its slides.
   */
  errors: Partial<Record<PartName, PreviewError>>;
  /** Bumped on each change of the file; a render reports the revision it read. */
  revision: number;
  /** Newest revision any part rendered well. */
  goodRevision: number;
  /** Parts rendering now, each with what cancels it. */
  running: Map<PartName, AbortController>;
  /** Parts whose file changed while they were rendering: cancelled, and rendered again when they stop. */
  stale: Set<PartName>;
  renderedAt?: Date;
}

export interface PreviewError {
  message: string;
  revision: number;
}

/** The error of the file itself, which stops every part: the screen image's. */
export const fileError = (entry: PreviewEntry): PreviewError | undefined => entry.errors.screen;

/** Hears that a timeline changed, or that its file went (deleted, or renamed to another entry). */
export type PreviewListener = (entry: PreviewEntry, removed: boolean) => void;

/** After a change, wait this long for the editor to finish writing before rendering. */
const SETTLE_MS = 80;

/** A new file this soon after a served one went, in a folder of named files, is taken for it renamed. */
const RENAME_MS = 1000;

/**
 * The timelines a server shows: each is rendered on the worker pool when the server starts
 * and again whenever its file is saved; the last good render is kept beside any error.
 */
export class PreviewStore {
  readonly entries = new Map<string, PreviewEntry>();
  private readonly watchers: FSWatcher[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Set<PreviewListener>();
  /** When each watched folder last lost a served file, to follow a rename. */
  private readonly lostAt = new Map<string, number>();
  /** Each local image a served file names, by its path: the files to render again when it changes. */
  private readonly imageUsers = new Map<string, Set<string>>();
  /** Folders of those images, each watched once. */
  private readonly imageFolders = new Set<string>();

  /** `options`: what every part starts from, the server's (flags, config file, defaults); each part changes only what it draws. */
  constructor(
    private readonly pool: WorkerPool,
    private readonly options: JobOptions = jobOptions(resolveOptions([])),
  ) {}

  /** Starts showing these files and the timeline files of these folders, now and as they come. */
  async serve(inputs: readonly string[]): Promise<void> {
    // Each watched folder, and whether new timeline files saved into it join the page.
    const folders = new Map<string, boolean>();
    for (const given of inputs) {
      const input = resolve(given);
      const info = await stat(input).catch(() => {
        throw new InputError(given, [{ message: 'No such file or folder.' }]);
      });
      if (info.isDirectory()) {
        folders.set(input, true);
        for (const name of (await readdir(input)).sort()) if (isTimelineFile(name)) this.add(join(input, name));
      } else {
        this.add(input);
        if (!folders.has(dirname(input))) folders.set(dirname(input), false);
      }
    }
    for (const [folder, addsNewFiles] of folders) this.watchFolder(folder, addsNewFiles);
    await Promise.all([...this.entries.values()].map((entry) => this.followImages(entry.file)));
    for (const entry of this.entries.values()) this.render(entry);
  }

  onChange(listener: PreviewListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  file(id: string, name: string): PreviewFile | undefined {
    const entry = this.entries.get(id);
    return entry && PARTS.flatMap((part) => entry.parts[part] ?? []).find((f) => f.name === name);
  }

  close(): void {
    for (const watcher of this.watchers) watcher.close();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.watchers.length = 0;
  }

  private add(file: string): PreviewEntry | undefined {
    const id = basename(file, extname(file));
    const existing = this.entries.get(id);
    if (existing) return existing.file === file ? existing : undefined;
    const entry: PreviewEntry = { id, file, parts: {}, errors: {}, revision: 1, goodRevision: 0, running: new Map(), stale: new Set() };
    this.entries.set(id, entry);
    return entry;
  }

  /**
   * Watches a folder rather than each file: editors often save by writing a new file and
   * renaming it over the old one, which a watch on the old file would miss.
   */
  private watchFolder(folder: string, addsNewFiles: boolean): void {
    const watcher = watch(folder, (_event, name) => {
      if (!name || !isTimelineFile(name)) return;
      const file = join(folder, name);
      const known = [...this.entries.values()].find((e) => e.file === file);
      if (known && !existsSync(file)) this.lostAt.set(folder, Date.now());
      const renamed = Date.now() - (this.lostAt.get(folder) ?? -Infinity) < RENAME_MS;
      if (!known && !addsNewFiles && !renamed) return;
      this.settle(file);
    });
    watcher.on('error', () => watcher.close());
    this.watchers.push(watcher);
  }

  /**
   * Watches the folders of the local images a served file names (a photo in media/ beside it),
   * so replacing one renders the file again, as saving the file itself does.
   */
  private async followImages(file: string): Promise<void> {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const users of this.imageUsers.values()) users.delete(file);
    for (const name of localImageNames(text)) {
      const path = resolve(dirname(file), name);
      const users = this.imageUsers.get(path) ?? new Set<string>();
      this.imageUsers.set(path, users.add(file));
      this.watchImages(dirname(path));
    }
  }

  private watchImages(folder: string): void {
    if (this.imageFolders.has(folder)) return;
    this.imageFolders.add(folder);
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, (_event, name) => {
        for (const file of (name && this.imageUsers.get(join(folder, name))) || []) this.settle(file);
      });
    } catch {
      // A folder that is not there yet: the image is missing, and the render says so.
      this.imageFolders.delete(folder);
      return;
    }
    watcher.on('error', () => watcher.close());
    this.watchers.push(watcher);
  }

  private settle(file: string): void {
    clearTimeout(this.timers.get(file));
    this.timers.set(
      file,
      setTimeout(() => {
        this.timers.delete(file);
        void stat(file).then(
          (info) => {
            if (!info.isFile()) return this.remove(file);
            const entry = this.add(file);
            if (!entry) return;
            entry.revision++;
            this.render(entry);
            void this.followImages(file);
          },
          () => this.remove(file),
        );
      }, SETTLE_MS),
    );
  }

  /** The file went: its section and files stop being served, and its renders stop. */
  private remove(file: string): void {
    const entry = [...this.entries.values()].find((e) => e.file === file);
    if (!entry) return;
    this.entries.delete(entry.id);
    entry.stale.clear();
    for (const running of entry.running.values()) running.abort();
    this.emit(entry, true);
  }

  /**
   * Renders every part of the entry again. A part still rendering an older revision is
   * cancelled: its worker is free within a card's or a band's time for the screen image the
   * editor waits for, instead of finishing a render nobody will see.
   */
  private render(entry: PreviewEntry): void {
    for (const part of PARTS) {
      const running = entry.running.get(part);
      if (running) {
        entry.stale.add(part);
        running.abort();
      } else {
        void this.renderPart(entry, part);
      }
    }
    this.emit(entry);
  }

  private async renderPart(entry: PreviewEntry, part: PartName): Promise<void> {
    const revision = entry.revision;
    const controller = new AbortController();
    entry.running.set(part, controller);
    const job: RenderJob = {
      ...this.options,
      input: entry.file,
      ...partJob(entry.id, part),
    };
    const reply = await this.pool.run(job, { bounded: false, urgent: part === 'screen', signal: controller.signal }).catch(() => undefined);
    entry.running.delete(part);
    // The pool refuses work only once the server is closing: nothing is left to show it to.
    // A file that went while it rendered has nobody to show it to either.
    if (!reply || this.entries.get(entry.id) !== entry) return;
    if (reply.ok) {
      entry.parts[part] = (reply.result.files ?? []).map((f) => ({
        name: f.name,
        bytes: f.bytes as Buffer,
        type: contentType(f.name),
        etag: etagOf(f.bytes),
      }));
      entry.title = reply.result.title;
      entry.goodRevision = Math.max(entry.goodRevision, revision);
      entry.renderedAt = new Date();
      if ((entry.errors[part]?.revision ?? Infinity) <= revision) delete entry.errors[part];
    } else if (!reply.cancelled && revision >= (entry.errors[part]?.revision ?? 0)) {
      // A cancelled part says nothing of the file: a newer save cancelled it and marked it to render again.
      entry.errors[part] = { message: reply.message, revision };
    }
    if (entry.stale.delete(part)) void this.renderPart(entry, part);
    this.emit(entry);
  }

  private emit(entry: PreviewEntry, removed = false): void {
    for (const listener of this.listeners) listener(entry, removed);
  }
}

const isTimelineFile = (name: string): boolean => extname(name).toLowerCase() in INPUT_EXTENSIONS && !name.startsWith('.');
