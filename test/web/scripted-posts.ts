/**
 * A planted news event for the knowledge engine in the browser tests: a burst of posts about one launch from a dozen
 * authors on two sides (cheering and doubting), over a little background chatter, fed through a PostSource.
 */
import type { Post, PostEvent, PostSource, SourceStatus } from "../../src/knowledge/post.js";

// Each post combines different fragments and a place of its own, so near-duplicate detection counts them all.
const cheers = [
  "Amazing launch today, the heavy launcher reached orbit",
  "What a wonderful liftoff, orbit insertion confirmed for the heavy launcher",
  "So happy to watch the heavy launcher climb to orbit",
  "Great success: the heavy launcher payload reached orbit",
  "Brilliant work by the crew, heavy launcher in orbit",
  "Love seeing the heavy launcher reach orbit on the first try",
];
const cheerTails = ["cheering with friends", "best day this year", "goosebumps all over", "the booster landing was perfect", "my kids loved it", "proud of the engineers"];
const doubts = [
  "The heavy launcher reached orbit but the next launch is delayed again",
  "Disappointed: orbit is fine yet the launch schedule keeps slipping",
  "Heavy launcher orbit aside, another delay was announced",
  "Terrible planning, the follow-up launch is postponed once more",
];
const doubtTails = ["budget overruns everywhere", "nobody trusts these dates", "bad news for the satellites waiting", "the delays are awful", "poor management as usual"];
const places = ["Lisbon", "Osaka", "Nairobi", "Quito", "Oslo", "Perth", "Austin", "Lyon", "Pune", "Seoul", "Tunis", "Cork", "Leeds", "Bergen", "Recife", "Dakar", "Hanoi", "Tartu"];
const chatter = [
  "Morning coffee and a long walk by the river",
  "Reading a novel about the sea tonight",
  "The bakery on my street has new rye bread",
  "Rain again, typical November weather here",
  "Finished a thousand piece puzzle with my kids",
  "Trying a new lentil soup recipe",
  "Our cat discovered the sunny windowsill",
  "Repainted the fence over the weekend",
];

function post(i: number, handle: string, text: string, createdMs: number): Post {
  const tags = [...text.matchAll(/#(\w+)/g)].map((m) => m[1]!.toLowerCase());
  return {
    id: `replay:${i}`,
    source: "replay",
    sourceId: String(i),
    url: `https://bsky.app/profile/${handle}/post/${i}`,
    author: { id: `did:plc:${handle}`, handle },
    text,
    lang: "en",
    createdAt: new Date(createdMs).toISOString(),
    hashtags: tags,
    links: [],
    mentions: [],
    images: [],
  };
}

export function scriptedPosts(nowMs: number): Post[] {
  const posts: Post[] = [];
  let i = 0;
  for (let k = 0; k < 40; k++) {
    posts.push(post(++i, `walker${k % 15}.bsky.social`, `${chatter[k % chatter.length]} in ${places[k % places.length]}, day ${k}`, nowMs - 40 * 60_000 + k * 50_000));
  }
  for (let k = 0; k < 36; k++) {
    const cheer = k % 3 !== 2;
    const text = cheer
      ? `${cheers[k % cheers.length]}, ${cheerTails[(k * 5) % cheerTails.length]} in ${places[k % places.length]} #launch`
      : `${doubts[k % doubts.length]}, ${doubtTails[(k * 3) % doubtTails.length]} says ${places[(k + 7) % places.length]} #launch`;
    posts.push(post(++i, `${cheer ? "fan" : "critic"}${k % 12}.bsky.social`, text, nowMs - 8 * 60_000 + k * 12_000));
  }
  return posts.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export class ScriptedPostSource implements PostSource {
  readonly name = "scripted";
  readonly kind = "replay" as const;
  private sent = 0;
  constructor(private readonly posts: Post[]) {}
  async start(onEvent: (event: PostEvent) => void | Promise<void>): Promise<void> {
    for (const p of this.posts) {
      await onEvent({ kind: "upsert", post: p, cursor: p.sourceId });
      this.sent++;
    }
  }
  async stop(): Promise<void> {}
  status(): SourceStatus {
    return { name: this.name, kind: this.kind, state: "connected", lagSeconds: 0, postsPerSecond: 0, received: this.sent };
  }
}
