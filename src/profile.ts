/** Wall and CPU time spent in each stage of a render, for --profile. */
export class Profiler {
  private readonly stages = new Map<string, { wall: number; cpu: number }>();

  /** Runs `work` and adds its wall and CPU milliseconds to `stage`. */
  async time<T>(stage: string, work: () => T | Promise<T>): Promise<T> {
    const cpu = process.cpuUsage();
    const wall = performance.now();
    try {
      return await work();
    } finally {
      const used = process.cpuUsage(cpu);
      const total = this.stages.get(stage) ?? { wall: 0, cpu: 0 };
      total.wall += performance.now() - wall;
      total.cpu += (used.user + used.system) / 1000;
      this.stages.set(stage, total);
    }
  }

  /** One line per stage: "layout      412 ms wall   530 ms cpu". */
  report(): string {
    return [...this.stages].map(([stage, t]) =>
      `${stage.padEnd(12)}${Math.round(t.wall).toString().padStart(6)} ms wall${Math.round(t.cpu).toString().padStart(6)} ms cpu`).join('\n');
  }
}

/** A profiler that records nothing, for renders nobody is timing. */
export const NO_PROFILE = { time: <T>(_: string, work: () => T | Promise<T>) => Promise.resolve(work()) } as Pick<Profiler, 'time'>;
