/**
 * What the watchers saw since the last regeneration: spec files saved, added
 * or deleted, and whether the config or the templates changed. Saves arrive
 * in bursts (an editor truncates, writes, renames), so a run starts only when
 * the files have been quiet for the debounce time.
 */
export class ChangeSet {
  /** Spec files (absolute) saved, added or deleted. */
  readonly specs = new Set<string>();
  config = false;
  templates = false;

  get empty(): boolean {
    return this.specs.size === 0 && !this.config && !this.templates;
  }

  /** Moves everything into a new set and leaves this one empty. */
  take(): ChangeSet {
    const taken = new ChangeSet();
    for (const file of this.specs) taken.specs.add(file);
    taken.config = this.config;
    taken.templates = this.templates;
    this.specs.clear();
    this.config = false;
    this.templates = false;
    return taken;
  }

  /** Puts back what a run could not use (it failed before writing), so the next run still reads it. */
  restore(from: ChangeSet): void {
    for (const file of from.specs) this.specs.add(file);
    this.config ||= from.config;
    this.templates ||= from.templates;
  }
}

/**
 * Calls `run` once the calls to `poke` have stopped for `quietMs`, never two
 * runs at a time: a poke during a run starts another after it.
 */
export class Debouncer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly quietMs: number,
    private readonly run: () => Promise<void>,
  ) {}

  poke(): void {
    if (this.stopped) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.start(), this.quietMs);
  }

  private start(): void {
    this.timer = undefined;
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.poke();
      }
    });
  }

  /** Stops scheduling and waits for a run in progress (its writes are atomic; none is cut off). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
