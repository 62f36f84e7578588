import type { Logger } from './logger.ts';

export interface DependencyOptions {
  /** How the log names it: `database`, `rateLimitStore`. */
  name: string;
  /** What the service does while it is down, for the operator reading the log. */
  whileDown: string;
  level: 'warn' | 'error';
  /** Resolves when the dependency answers; rejects when not. */
  probe: () => Promise<void>;
  /** A probe that has not answered by then counts as down. */
  timeoutMs: number;
}

const probeIntervalMs = 1000;

/**
 * Whether a dependency answers, as this process last saw it. An outage is logged once when it
 * starts and once when it ends, however many requests meet it; while it lasts, a probe runs every
 * second, so the end is noticed with no traffic too.
 */
export class DependencyStatus {
  readonly options: DependencyOptions;
  readonly #logger: Logger;
  #downSince: number | null = null;
  #timer: NodeJS.Timeout | undefined;
  #confirming: Promise<boolean> | undefined;

  constructor(options: DependencyOptions, logger: Logger) {
    this.options = options;
    this.#logger = logger;
  }

  get up(): boolean {
    return this.#downSince === null;
  }

  /**
   * A request met an error of the kind an outage raises: whether the dependency is down (true), as
   * the probe finds it. Only the probe failing starts an outage; its answering means the error was
   * the request's own, for the caller to log as any other. Requests failing together share it.
   */
  suspect(): boolean | Promise<boolean> {
    if (this.#downSince !== null) return true;
    this.#confirming ??= this.#confirm().finally(() => {
      this.#confirming = undefined;
    });
    return this.#confirming;
  }

  /** The dependency failed, for sure: its client saw its connection fail, or the probe did. */
  failed(error: unknown): void {
    if (this.#downSince !== null) return;
    this.#downSince = Date.now();
    const { name, whileDown, level } = this.options;
    this.#logger[level]({ dependency: name, cause: describe(error) }, `${name} unreachable: ${whileDown}`);
    this.#scheduleProbe();
  }

  /** The dependency answered again. */
  recovered(): void {
    if (this.#downSince === null) return;
    clearTimeout(this.#timer);
    const downMs = Date.now() - this.#downSince;
    this.#downSince = null;
    this.#logger.info({ dependency: this.options.name, downMs }, `${this.options.name} reachable again`);
  }

  /** Answers whether the dependency is up now, and records what it found. */
  async check(): Promise<boolean> {
    try {
      await this.#probe();
      this.recovered();
      return true;
    } catch (error) {
      this.failed(error);
      return false;
    }
  }

  stop(): void {
    clearTimeout(this.#timer);
  }

  #probe(): Promise<void> {
    return Promise.race([this.options.probe(), timeout(this.options.timeoutMs)]);
  }

  /**
   * Down only when the probe fails twice in a row: the first may run on the very connection that
   * failed, which a pool drops only once it has read that connection's end (or a query on it failed).
   */
  async #confirm(): Promise<boolean> {
    const answered = await this.#probe().then(
      () => true,
      () => false,
    );
    return !answered && !(await this.check());
  }

  #scheduleProbe(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(async () => {
      if (!(await this.check())) this.#scheduleProbe();
    }, probeIntervalMs).unref();
  }
}

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref());
}

/**
 * The kind of fault, never a driver's whole message: a failed statement's message can quote its
 * SQL, with the values inlined.
 */
function describe(error: unknown): { name?: string; code?: string } {
  if (!(error instanceof Error)) return {};
  const code = (error as { code?: unknown }).code;
  return { name: error.name, ...(typeof code === 'string' ? { code } : {}) };
}
