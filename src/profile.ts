import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Wall and CPU time spent in each stage of a render, for --profile. A stage timed inside
 * another counts only for itself: rasterising a band inside the encoder's pipeline is
 * rasterise time, not encode time. "Inside" follows the async calls, not the clock: the images
 * and the PDF are made at once, and neither is inside the other. CPU is the whole process's, so
 * stages that run at once each count the other's CPU too.
 */
export class Profiler {
  private readonly stages = new Map<string, { wall: number; cpu: number }>();
  /** The open stage a piece of work runs in, to take an inner stage's time from it. */
  private readonly parent = new AsyncLocalStorage<{ wall: number; cpu: number }>();

  /** Runs `work` and adds its wall and CPU milliseconds, less those of stages inside it, to `stage`. */
  async time<T>(stage: string, work: () => T | Promise<T>): Promise<T> {
    const cpu = process.cpuUsage();
    const wall = performance.now();
    const inner = { wall: 0, cpu: 0 };
    const outer = this.parent.getStore();
    try {
      return await this.parent.run(inner, work);
    } finally {
      const used = process.cpuUsage(cpu);
      const spent = { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
      const total = this.stages.get(stage) ?? { wall: 0, cpu: 0 };
      total.wall += spent.wall - inner.wall;
      total.cpu += spent.cpu - inner.cpu;
      this.stages.set(stage, total);
      if (outer) {
        outer.wall += spent.wall;
        outer.cpu += spent.cpu;
      }
    }
  }

  /** One line per stage: "layout      412 ms wall   530 ms cpu". */
  report(): string {
    return [...this.stages]
      .map(
        ([stage, t]) =>
          `${stage.padEnd(12)}${Math.round(t.wall).toString().padStart(6)} ms wall${Math.round(t.cpu).toString().padStart(6)} ms cpu`,
      )
      .join('\n');
  }
}

/** A profiler that records nothing, for renders nobody is timing. */
export const NO_PROFILE = { time: <T>(_: string, work: () => T | Promise<T>) => Promise.resolve(work()) } as Pick<Profiler, 'time'>;
