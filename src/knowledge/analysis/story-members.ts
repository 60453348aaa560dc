import { grown } from "../../common/typed-arrays.js";

/**
 * The member posts stories keep (up to membersKept each) for key posts and perspectives, for all stories in one
 * column-wise store indexed by slot; a story holds the slots of its members in order. As objects — one per post
 * that joined a story, each with two small typed arrays — they were most of what survived every scavenge, since
 * they live as long as the story keeps them. Here joining a story allocates nothing, and the store grows by
 * doubling a handful of large arrays (per-story arrays growing on their own made the collector account for
 * megabytes of short-lived backing stores, and triggered full collections).
 */
/**
 * Columns shared by the seed slab and the member store: a post's term vector (up to `stride` term ids and weights,
 * heaviest first), time, sentiment and engagement, by slot, with freed slots reused and the columns doubled as needed.
 */
export abstract class PostVectorColumns {
  /** Most terms a slot's vector holds */
  readonly stride: number;
  capacity = 0;
  /** Term ids and weights of slot s: [s * stride, s * stride + count[s]), heaviest first */
  keys = new Int32Array(0);
  weights = new Float32Array(0);
  count = new Int32Array(0);
  ms = new Float64Array(0);
  sentiment = new Float64Array(0);
  /** 0: the post had no sentiment score (`null`) */
  hasSentiment = new Uint8Array(0);
  engagement = new Float64Array(0);
  /** Slots in use */
  size = 0;
  private readonly free: number[] = [];
  private used = 0;

  constructor(stride: number) {
    this.stride = Math.max(1, stride);
  }

  /** Slots ever handed out: live ones are below this. */
  get highWater(): number {
    return this.used;
  }

  protected takeSlot(): number {
    let s = this.free.pop();
    if (s === undefined) {
      if (this.used === this.capacity) this.resize(Math.max(1024, this.capacity * 2));
      s = this.used++;
    }
    this.size++;
    return s;
  }

  protected freeSlot(s: number): void {
    this.free.push(s);
    this.size--;
  }

  /** Grows the subclass's own columns to `capacity` slots (the shared ones are grown already). */
  protected abstract growColumns(capacity: number): void;

  private resize(capacity: number): void {
    this.keys = grown(this.keys, capacity * this.stride);
    this.weights = grown(this.weights, capacity * this.stride);
    this.count = grown(this.count, capacity);
    this.ms = grown(this.ms, capacity);
    this.sentiment = grown(this.sentiment, capacity);
    this.hasSentiment = grown(this.hasSentiment, capacity);
    this.engagement = grown(this.engagement, capacity);
    this.growColumns(capacity);
    this.capacity = capacity;
  }
}

export class MemberStore extends PostVectorColumns {
  ids: string[] = [];

  /** A slot for a member; the caller fills its vector. */
  alloc(id: string, ms: number, sentiment: number | null, engagement: number): number {
    const s = this.takeSlot();
    this.ids[s] = id;
    this.ms[s] = ms;
    this.hasSentiment[s] = sentiment === null ? 0 : 1;
    this.sentiment[s] = sentiment ?? 0;
    this.engagement[s] = engagement;
    return s;
  }

  release(s: number): void {
    this.ids[s] = "";
    this.freeSlot(s);
  }

  sentimentOf(s: number): number | null {
    return this.hasSentiment[s] ? this.sentiment[s]! : null;
  }

  protected growColumns(capacity: number): void {
    for (let s = this.ids.length; s < capacity; s++) this.ids.push("");
  }
}
