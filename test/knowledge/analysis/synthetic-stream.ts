import type { Post } from "../../../src/knowledge/post.js";
import { seededRandom } from "../../../src/common/seeded-random.js";

/**
 * A small deterministic post stream with known contents, for the knowledge engine's tests and benchmark:
 * background chatter, planted events (bursts with two opposing camps), and spam floods.
 */

export interface PlantedEvent {
  id: string;
  hashtag: string;
  /** Words every post about the event uses some of */
  terms: string[];
  startMs: number;
  durationMs: number;
  postsPerMinute: number;
}

export interface SyntheticStreamOptions {
  seed?: number;
  startMs?: number;
  minutes?: number;
  backgroundPerMinute?: number;
  authors?: number;
  events?: PlantedEvent[];
  /** Spam floods: one bot repeating itself, and a swarm of bots posting the same text with varying links */
  spam?: { hashtag: string; startMs: number; minutes: number; perMinute: number }[];
}

export interface SyntheticStream {
  posts: Post[];
  eventOf: Map<string, string>;
  campOf: Map<string, "pro" | "anti">;
  spamIds: Set<string>;
}

const NEUTRAL = `morning coffee train office lunch garden weather walk music album movie dinner recipe book library
 kitchen bicycle market bakery river park weekend project meeting laptop phone window street bus
 sandwich painting photo camera cat dog neighbour school teacher homework podcast episode chapter
 football match practice gym yoga running marathon sunrise sunset cloud autumn winter spring summer
 travel airport ticket hotel museum concert festival ferry island mountain valley forest village`
  .split(/\s+/)
  .filter(Boolean);
const EVERYDAY_TAGS = ["photography", "coffee", "books", "music", "running", "cats", "dogs", "cooking", "art", "travel", "gardening", "movies"];
const POSITIVE = ["great", "wonderful", "excellent", "love", "amazing", "fantastic", "happy", "brilliant", "proud", "hopeful"];
const NEGATIVE = ["terrible", "awful", "disaster", "hate", "horrible", "angry", "sad", "shameful", "furious", "worst"];


/** Made-up words from syllables, so background chatter has a long-tailed vocabulary like real text. */
function syntheticVocabulary(n: number, rnd: () => number): string[] {
  const syllables = ["ka", "lo", "mi", "ren", "sa", "to", "vel", "dor", "pi", "nu", "ber", "gal", "fi", "mor", "tes", "qua", "zen", "lu", "ric", "han"];
  const out = new Set<string>(NEUTRAL);
  while (out.size < n) {
    const k = 2 + Math.floor(rnd() * 2);
    let w = "";
    for (let i = 0; i < k; i++) w += syllables[Math.floor(rnd() * syllables.length)];
    out.add(w);
  }
  return [...out];
}

export function generateSyntheticStream(o: SyntheticStreamOptions = {}): SyntheticStream {
  const rnd = seededRandom(o.seed ?? 7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const vocabulary = syntheticVocabulary(3000, rnd);
  // Zipf-like: word k is drawn with probability ~ 1/k.
  const zipf = () => vocabulary[Math.min(vocabulary.length - 1, Math.floor(Math.exp(rnd() * Math.log(vocabulary.length + 1))) - 1)]!;
  const startMs = o.startMs ?? Date.parse("2026-03-01T00:00:00.000Z");
  const minutes = o.minutes ?? 120;
  const authors = o.authors ?? 800;
  const posts: Post[] = [];
  const eventOf = new Map<string, string>();
  const campOf = new Map<string, "pro" | "anti">();
  const spamIds = new Set<string>();
  let seq = 0;
  const make = (ms: number, author: string, text: string, hashtags: string[], lang = "en", links: string[] = []): Post => {
    const sourceId = `p${(seq++).toString(36)}`;
    return {
      id: `demo:${sourceId}`,
      source: "demo",
      sourceId,
      url: `https://demo.invalid/${author}/${sourceId}`,
      author: { id: `did:demo:${author}`, handle: `${author}.demo` },
      text,
      lang,
      createdAt: new Date(Math.floor(ms)).toISOString(),
      hashtags,
      links,
      mentions: [],
      images: [],
      engagement: { likes: Math.floor(rnd() * 20), reposts: Math.floor(rnd() * 5) },
    };
  };
  const perMinute = o.backgroundPerMinute ?? 60;
  for (let m = 0; m < minutes; m++) {
    for (let i = 0; i < perMinute; i++) {
      const ms = startMs + (m + rnd()) * 60_000;
      const words = Array.from({ length: 6 + Math.floor(rnd() * 7) }, zipf);
      const tags = rnd() < 0.3 ? [pick(EVERYDAY_TAGS)] : [];
      const lang = rnd() < 0.15 ? pick(["de", "fr", "es", "ja"]) : "en";
      posts.push(make(ms, `user${Math.floor(rnd() * authors)}`, words.join(" ") + tags.map((t) => ` #${t}`).join(""), tags, lang));
    }
  }
  for (const ev of o.events ?? []) {
    const n = Math.round((ev.durationMs / 60_000) * ev.postsPerMinute);
    for (let i = 0; i < n; i++) {
      const ms = ev.startMs + rnd() * ev.durationMs;
      const camp = rnd() < 0.5 ? "pro" : "anti";
      const mood = camp === "pro" ? POSITIVE : NEGATIVE;
      const words = [pick(ev.terms), pick(ev.terms), pick(ev.terms), pick(mood), pick(mood), pick(NEUTRAL), pick(ev.terms)];
      const p = make(ms, `user${Math.floor(rnd() * authors)}`, `${words.join(" ")} #${ev.hashtag}`, [ev.hashtag]);
      posts.push(p);
      eventOf.set(p.id, ev.id);
      campOf.set(p.id, camp);
    }
  }
  for (const s of o.spam ?? []) {
    const n = s.minutes * s.perMinute;
    for (let i = 0; i < n; i++) {
      const ms = s.startMs + rnd() * s.minutes * 60_000;
      // Half from one tireless bot, half from a swarm copying the same pitch with a different tracking link.
      const bot = i % 2 === 0 ? "spambot0" : `spambot${1 + Math.floor(rnd() * 200)}`;
      const link = `https://spam.invalid/offer?ref=${Math.floor(rnd() * 1e9)}`;
      const p = make(ms, bot, `Unbelievable crypto giveaway click now to claim your free tokens today ${link} #${s.hashtag}`, [s.hashtag], "en", [link]);
      posts.push(p);
      spamIds.add(p.id);
    }
  }
  posts.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { posts, eventOf, campOf, spamIds };
}
