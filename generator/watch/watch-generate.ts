/**
 * `generate --watch` as an API: regenerates when a spec, the config file or a
 * template override is saved, keeping the last run's manifest, cache and spec
 * list in memory so a save re-reads and re-renders only the specs it touched.
 * It reports through events; the command line prints them.
 */
import { EventEmitter, once } from 'node:events';
import { relative, resolve, sep } from 'node:path';
import { watch as chokidarWatch, type FSWatcher } from 'chokidar';
import { generateRun, type GenerateOptions, type GenerateResult, type WarmState } from '../generate.js';
import type { DeclaredFields } from '../config/types.js';
import { findSpecFiles, isSpecFile } from '../spec-files.js';
import { ChangeSet, Debouncer } from './change-set.js';

/** What a watch generates and which files it watches; reloaded when the config file is saved. */
export interface WatchTarget {
  /** A specs folder or one spec file (absolute). */
  specs: string;
  out: string;
  predicates: string;
  /** Paths in generated files are relative to it (see GenerateOptions.root). */
  root?: string | undefined;
  /** The template overrides folder: a change in it is a full run (an edited override renders every spec again). */
  templates: string | null;
  /** The config's `fields` (GenerateOptions.fields): a save of the config that changes them re-renders the specs they name. */
  fields?: DeclaredFields | undefined;
  /** The config file: a save reloads the target. */
  config: string | null;
}

export interface WatchOptions {
  /** Called at the start and after every save of the config file; a rejection (a broken config) keeps the previous target. */
  load: () => Promise<WatchTarget>;
  /** The first run renders every spec again (`generate --force --watch`). */
  force?: boolean;
  /** How long the files must be quiet after a save before a run starts. Default 50 ms. */
  debounceMs?: number;
  /** Diagnostics name specs from here (default: the working folder). */
  cwd?: string;
  /** Called with each target before its first run: the templates of another helper's overrides, for instance. */
  prepare?: (target: WatchTarget) => void | Promise<void>;
}

export type WatchCause = 'start' | 'specs' | 'config' | 'templates';

export interface WatchRun {
  cause: WatchCause;
  /** Spec files saved, added or deleted since the last run (absolute), sorted. */
  changed: string[];
  /** Of `changed`, the files that are gone. */
  deleted: string[];
  /** The run's outcome; null when it stopped before writing anything (`problem` says why). */
  result: GenerateResult | null;
  /** No spec in the folder, two specs for one output folder, an unreadable file: nothing was written, nothing removed. */
  problem: Error | null;
  /** From the start of the run to the last file written. */
  ms: number;
  /** The target it ran for. */
  target: WatchTarget;
}

export interface GenerateWatcherEvents {
  /** Watching: after the first run. */
  ready: [target: WatchTarget, specs: number];
  run: [run: WatchRun];
  /** The config file was saved and does not load: watching goes on with the previous one. */
  'config-error': [error: Error];
  /** A watcher failed (a folder that cannot be read, too many watched files). */
  error: [error: Error];
}

const DEFAULT_DEBOUNCE_MS = 50;

export class GenerateWatcher extends EventEmitter<GenerateWatcherEvents> {
  private target!: WatchTarget;
  private state: WarmState | null = null;
  /** The spec files as the watchers know them (absolute). */
  private files = new Set<string>();
  private readonly pending = new ChangeSet();
  private readonly debouncer: Debouncer;
  private watchers: FSWatcher[] = [];
  private saveCache: (() => void) | null = null;
  private cacheTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Settles when the first run is over (or the start failed): a save during it waits, then runs warm. */
  private readonly started: Promise<void>;
  private startDone!: () => void;

  constructor(private readonly options: WatchOptions) {
    super();
    this.debouncer = new Debouncer(options.debounceMs ?? DEFAULT_DEBOUNCE_MS, () => this.flush());
    this.started = new Promise((resolve) => (this.startDone = resolve));
  }

  /** Loads the target, runs a full generate (as `dataflow generate` does) and starts watching. A broken config at the start rejects. */
  async start(): Promise<void> {
    try {
      this.target = await this.options.load();
      await this.options.prepare?.(this.target);
      // Watching starts before the first run so that no save is missed; one made during it is run after it.
      await this.watchTarget();
      await this.regenerate('start', new ChangeSet(), this.options.force === true);
    } finally {
      this.startDone();
    }
    // The parser loads on the first spec that needs rendering: have it ready before the first save.
    void import('../parse.js').catch(() => undefined);
    if (!this.closed) this.emit('ready', this.target, this.files.size);
  }

  /** The number of spec files watched. */
  get specCount(): number {
    return this.files.size;
  }

  /** Stops watching; a run in progress finishes first (its writes are atomic), then the cache is saved. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.debouncer.stop();
    await this.unwatch();
    clearTimeout(this.cacheTimer);
    this.saveCache?.();
    this.saveCache = null;
  }

  private async watchTarget(): Promise<void> {
    const specsRoot = this.target.specs;
    const specs = chokidarWatch(specsRoot, {
      ignoreInitial: true,
      // Hidden folders and node_modules are skipped as the folder walk skips them; other files are not specs.
      ignored: (path, stats) => {
        const rel = relative(specsRoot, path);
        if (rel !== '' && rel.split(sep).some((part) => part.startsWith('.') || part === 'node_modules')) return true;
        return stats?.isFile() === true && !isSpecFile(path);
      },
    });
    const onSpec = (kind: 'add' | 'change' | 'unlink') => (path: string) => {
      const file = resolve(path);
      if (!isSpecFile(file)) return;
      if (kind === 'unlink') this.files.delete(file);
      else this.files.add(file);
      this.pending.specs.add(file);
      this.debouncer.poke();
    };
    specs.on('add', onSpec('add')).on('change', onSpec('change')).on('unlink', onSpec('unlink'));
    specs.on('unlinkDir', (path) => {
      const dir = resolve(path);
      for (const file of this.files) {
        if (file.startsWith(dir + sep)) {
          this.files.delete(file);
          this.pending.specs.add(file);
        }
      }
      this.debouncer.poke();
    });
    const watchers = [specs];
    const others: [string | null, 'config' | 'templates'][] = [
      [this.target.config, 'config'],
      [this.target.templates, 'templates'],
    ];
    for (const [path, what] of others) {
      if (path === null) continue;
      const watcher = chokidarWatch(path, { ignoreInitial: true });
      watcher.on('all', () => {
        this.pending[what] = true;
        this.debouncer.poke();
      });
      watchers.push(watcher);
    }
    for (const watcher of watchers) watcher.on('error', (error) => this.emit('error', error instanceof Error ? error : new Error(String(error))));
    this.watchers = watchers;
    await Promise.all(watchers.map((w) => once(w, 'ready')));
  }

  private async unwatch(): Promise<void> {
    const watchers = this.watchers;
    this.watchers = [];
    await Promise.all(watchers.map((w) => w.close()));
  }

  /** One debounced run over everything pending. Never rejects: every failure is an event. */
  private async flush(): Promise<void> {
    // A save during the first run: without the wait it ran beside it, cold (no state yet), rendering every spec
    // again and reporting them all as rendered for the one saved. After it, the run is warm and touches that spec only.
    await this.started;
    if (this.closed) return;
    const changes = this.pending.take();
    // A folder event that touched no spec (an empty folder made or removed): nothing to run.
    if (changes.empty) return;
    let cause: WatchCause = changes.templates ? 'templates' : 'specs';
    if (changes.config) {
      if (await this.reload()) cause = 'config';
      else if (changes.specs.size === 0 && !changes.templates) return;
    }
    // A config reload or a template change can change any file: a run as `dataflow generate` does it, from disk
    // (the overrides are part of the cache key, so an edited override renders every spec again).
    await this.regenerate(cause, changes, false);
  }

  /** Loads the config again; true when it loaded (the target is then the new one). */
  private async reload(): Promise<boolean> {
    let target: WatchTarget;
    try {
      target = await this.options.load();
      await this.options.prepare?.(target);
    } catch (error) {
      this.emit('config-error', error instanceof Error ? error : new Error(String(error)));
      return false;
    }
    const moved = (['specs', 'templates', 'config'] as const).some((k) => target[k] !== this.target[k]);
    this.target = target;
    this.state = null;
    if (moved) {
      await this.unwatch();
      this.files.clear();
      await this.watchTarget();
    }
    return true;
  }

  private async regenerate(cause: WatchCause, changes: ChangeSet, force: boolean): Promise<void> {
    const started = performance.now();
    const target = this.target;
    const options: GenerateOptions = {
      specs: target.specs,
      out: target.out,
      predicates: target.predicates,
      templates: target.templates,
      ...(target.fields !== undefined ? { fields: target.fields } : {}),
      configFile: target.config,
      ...(target.root !== undefined ? { root: target.root } : {}),
      ...(this.options.cwd !== undefined ? { cwd: this.options.cwd } : {}),
      force,
    };
    const warm = cause === 'specs' && this.state !== null;
    if (warm) this.state!.files = this.specList();
    let result: GenerateResult | null = null;
    let problem: Error | null = null;
    try {
      const run = await generateRun(options, warm ? { state: this.state!, dirty: changes.specs } : undefined);
      result = run.result;
      this.state = run.state;
      if (!warm) this.files = new Set(run.state.files);
      this.scheduleCacheSave(run.saveCache);
    } catch (error) {
      problem = error instanceof Error ? error : new Error(String(error));
      // Nothing was written: what changed is still to be read by the next run.
      this.pending.restore(changes);
      if (!warm) {
        this.state = null;
        this.files = new Set(await findSpecFiles([target.specs]).catch(() => []));
      }
    }
    const ms = performance.now() - started;
    const changed = [...changes.specs].sort();
    this.emit('run', { cause, changed, deleted: changed.filter((f) => !this.files.has(f)), result, problem, ms, target });
  }

  /** The spec files as the folder walk orders them. */
  private specList(): string[] {
    return [...this.files].sort();
  }

  /** The local cache is written when the watch is idle (and on close): a stale one only costs the next `generate` a re-hash. */
  private scheduleCacheSave(save: () => void): void {
    this.saveCache = save;
    clearTimeout(this.cacheTimer);
    this.cacheTimer = setTimeout(() => {
      this.saveCache?.();
      this.saveCache = null;
    }, 1000);
    this.cacheTimer.unref();
  }
}

/** Starts a watch: resolves once the first run is done and the files are watched. */
export async function watchGenerate(options: WatchOptions): Promise<GenerateWatcher> {
  const watcher = new GenerateWatcher(options);
  await watcher.start();
  return watcher;
}
