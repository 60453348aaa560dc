import { generateDemoStream, type DemoGroundTruth, type DemoStreamOptions } from "../demo/demo-stream.js";
import { BaseSource } from "./base-source.js";
import { StreamPacer, type ReplayClock } from "./replay-source.js";

export interface DemoSourceOptions extends DemoStreamOptions {
  name?: string;
  /** 60 = an hour of stream per minute, so the default 3 hours play in 3 minutes; 0 = as fast as possible. */
  speed?: number;
  clock?: ReplayClock;
  log?: (line: string) => void;
}

/** The bundled demo stream, generated in memory (deterministic by seed) and played accelerated. */
export class DemoSource extends BaseSource {
  readonly kind = "demo" as const;
  private readonly opts: DemoSourceOptions;
  private generated: ReturnType<typeof generateDemoStream> | undefined;

  constructor(opts: DemoSourceOptions = {}) {
    super(opts.name ?? "demo", opts.log);
    new StreamPacer(opts.speed ?? 60);
    this.opts = opts;
  }

  /** What was planted in the stream this source plays (generated on first use). */
  groundTruth(): DemoGroundTruth {
    return this.stream().truth;
  }

  private stream() {
    this.generated ??= generateDemoStream(this.opts);
    return this.generated;
  }

  protected async run(): Promise<void> {
    const { posts } = this.stream();
    const pacer = new StreamPacer(this.opts.speed ?? 60, this.opts.clock);
    this.setState("connected");
    for (let i = 0; i < posts.length && !this.stopping; i++) {
      const post = posts[i]!;
      const t = Date.parse(post.createdAt);
      await pacer.waitFor(t, this.signal);
      if (this.stopping) break;
      await this.deliver({ kind: "upsert", post, cursor: String(i + 1) }, t);
    }
  }
}
