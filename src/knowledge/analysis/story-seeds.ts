import { grown } from "../../common/typed-arrays.js";
import { PostVectorColumns } from "./story-members.js";

/**
 * One-post story "seeds", stored column-wise in a slab indexed by slot number: the post's vector (up to `stride`
 * term ids and weights), author, time, sentiment, engagement and what its cluster would have computed so far.
 * A seed lives up to half an hour of stream time and most never gain a second post; as objects, each was a
 * cluster with three maps, a set and a member, all old enough to be copied by every scavenge on the way to the
 * old generation. Here a seed costs no object of its own, and the columns are typed arrays the collector does not
 * trace (only the four string columns hold pointers). A seed becomes a full cluster when a second post joins.
 */
export class SeedSlab extends PostVectorColumns {
  /** Squared norm of the vector, summed as the cluster's centroid norm was */
  norm2 = new Float64Array(0);
  heat = new Float64Array(0);
  heatMs = new Float64Array(0);
  copies = new Float64Array(0);
  /** Bit j: listed in the inverted index under keys[j] */
  indexedBits = new Uint32Array(0);
  /** Bumped each time a slot is taken, so that stale references to a slot (expiry queue) can be told apart */
  generation = new Uint32Array(0);
  live = new Uint8Array(0);
  ids: string[] = [];
  postIds: string[] = [];
  authorIds: string[] = [];
  /** Normalised hashtags (no "#", lower case), null when the post had none */
  hashtags: (string[] | null)[] = [];

  alloc(): number {
    const s = this.takeSlot();
    this.live[s] = 1;
    this.generation[s] = (this.generation[s]! + 1) >>> 0;
    return s;
  }

  release(s: number): void {
    this.live[s] = 0;
    // Drop the strings so they can be collected while the slot waits for reuse.
    this.ids[s] = "";
    this.postIds[s] = "";
    this.authorIds[s] = "";
    this.hashtags[s] = null;
    this.freeSlot(s);
  }

  protected growColumns(capacity: number): void {
    this.norm2 = grown(this.norm2, capacity);
    this.heat = grown(this.heat, capacity);
    this.heatMs = grown(this.heatMs, capacity);
    this.copies = grown(this.copies, capacity);
    this.indexedBits = grown(this.indexedBits, capacity);
    this.generation = grown(this.generation, capacity);
    this.live = grown(this.live, capacity);
    for (let s = this.ids.length; s < capacity; s++) {
      this.ids.push("");
      this.postIds.push("");
      this.authorIds.push("");
      this.hashtags.push(null);
    }
  }
}
