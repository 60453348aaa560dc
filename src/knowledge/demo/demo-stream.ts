import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { once } from "node:events";
import type { Post } from "../post.js";
import { seededRandom } from "../../common/seeded-random.js";
import {
  BACKGROUND_EXTRAS,
  BACKGROUND_TOPICS,
  CLOSERS,
  COMMON_SLOTS,
  DEMO_EVENTS,
  DEMO_LANGS,
  EVENT_ASIDES,
  FIRST_NAMES,
  LANG_WEIGHTS,
  LAST_NAMES,
  OPENERS,
  SPAM_CAMPAIGNS,
  type DemoEventContent,
  type DemoLang,
} from "./demo-content.js";

export interface DemoStreamOptions {
  seed?: number;
  /** Stream length in hours of stream time. */
  hours?: number;
  /** Stream time of the first minute; default: `hours` before now, so the stream ends about now. */
  startTime?: Date | string | number;
  /** Multiplies every volume (background, events, spam); 0.1 gives a small stream for quick tests. */
  scale?: number;
  /** Background posts per minute at scale 1. */
  backgroundPerMinute?: number;
  /** Human authors at scale 1. */
  authors?: number;
}

export interface DemoCampTruth {
  id: string;
  label: string;
  stance: string;
  sentiment: number;
  postIds: string[];
}

export interface DemoEventTruth {
  id: string;
  title: string;
  startTime: string;
  /** When the event's first burst peaks. */
  peakTime: string;
  hashtags: string[];
  terms: string[];
  languages: string[];
  camps: DemoCampTruth[];
  /** Every post about the event (reports and both camps). */
  postIds: string[];
  /** Share of the first camp among camp posts in the first and last third of the event: the planted sentiment shift. */
  firstCampShare: [number, number];
}

export interface DemoSpamTruth {
  id: string;
  mode: "exact" | "near";
  text: string;
  hashtags: string[];
  startTime: string;
  botHandles: string[];
  postIds: string[];
}

export interface DemoGroundTruth {
  seed: number;
  startTime: string;
  endTime: string;
  events: DemoEventTruth[];
  /** post id → event id, for event posts. */
  eventOf: Record<string, string>;
  /** post id → `${eventId}/${campId}`, for posts that take a side. */
  campOf: Record<string, string>;
  spam: DemoSpamTruth[];
  spamPostIds: string[];
  /** Hashtags only spam uses: they must never trend. */
  spamOnlyHashtags: string[];
  /** Posts delivered a second time later in the stream (same id, same content). */
  redeliveredIds: string[];
  /** Posts whose author had already posted the very same text (new id). */
  selfCopyIds: string[];
  /** Posts per language. */
  languages: Record<string, number>;
}

export interface DemoStream {
  /** In delivery order: by createdAt, except re-deliveries, which arrive seconds to minutes after their createdAt. */
  posts: Post[];
  truth: DemoGroundTruth;
}


class Rng {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  weighted<K extends string>(weights: Partial<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [k, w] of entries) if ((r -= w) < 0) return k;
    return entries[entries.length - 1]![0];
  }
  normal(): number {
    const u = Math.max(1e-12, this.next());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const l = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l);
    return k - 1;
  }
}

interface Author {
  id: string;
  handle: string;
  lang: DemoLang;
  /** How much this author's posts get liked. */
  reach: number;
}

type Slot =
  | { kind: "background"; t: number }
  | { kind: "event"; t: number; event: DemoEventContent }
  | { kind: "spam"; t: number; campaign: (typeof SPAM_CAMPAIGNS)[number]; index: number };

/** Words that keep their capital after an opener like "Honestly, ": names, places, brands. */
const PROPER_NOUNS = new Set([
  "I", "I'm", "I've", "USGS", "VAR", "Harbor", "Northgate", "Lumen", "Nova", "San", "Parliament", "Villa", "Cerro", "Los", "Puerto",
  "Okafor", "Reyes", "Lindqvist", "Moreau", "Tanaka", "Silva",
  ...Object.values(FIRST_NAMES).flat().map(capitalise),
]);

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Joins opener and sentence the way a person would type it: "Honestly, the..." rather than "Honestly, The...". */
function withOpener(opener: string, line: string, lang: DemoLang): string {
  const first = line.split(/[\s,.:!?]/, 1)[0]!;
  const lowerNext = /(, |[Ss]o |Ok |Pues |Du coup |Also )$/.test(opener) && lang !== "de" && lang !== "ja";
  if (!lowerNext || PROPER_NOUNS.has(first) || /^[A-ZÀ-Ý]{2,}/.test(first) || first.startsWith("#")) return opener + line;
  return opener + line.charAt(0).toLowerCase() + line.slice(1);
}

/** A number as people mention them: small ones far more often than large ones. */
function casualNumber(rng: Rng): string {
  return String(Math.round(2 * Math.pow(30, rng.next())));
}

const INNERMOST_ALTERNATIVES = /\[([^[\]]*)\]/;

/**
 * Expands one line of the content grammar (see demo-content.ts): slots first, since their values may hold
 * alternatives, then `[a|b]` from the innermost out, so alternatives nest.
 */
function expand(template: string, slots: Record<string, string[]>, lang: DemoLang, rng: Rng): string {
  let s = template.replace(/\{(\w+)\}/g, (_, k: string) => {
    if (k === "n") return casualNumber(rng);
    if (k === "name") return capitalise(rng.pick(FIRST_NAMES[lang]));
    const values = slots[k];
    return values?.length ? rng.pick(values) : "";
  });
  for (let m = INNERMOST_ALTERNATIVES.exec(s); m; m = INNERMOST_ALTERNATIVES.exec(s)) {
    s = s.slice(0, m.index) + rng.pick(m[1]!.split("|")) + s.slice(m.index + m[0].length);
  }
  // An empty optional part leaves doubled or dangling spaces behind.
  return s.replace(/ {2,}/g, " ").replace(/ ([,.])/g, "$1").trim();
}

/** k distinct items, in random order. */
function pickDistinct<T>(xs: readonly T[], k: number, rng: Rng): T[] {
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < k && pool.length) out.push(pool.splice(rng.int(pool.length), 1)[0]!);
  return out;
}

/** One typo in a longer word, the way thumbs make them: swapped, dropped or doubled letters. */
function withTypo(text: string, rng: Rng): string {
  const words = text.split(" ");
  const candidates = words.flatMap((w, i) => (/^[a-zà-ÿß]{5,}[,.!?]?$/u.test(w) ? [i] : []));
  if (!candidates.length) return text;
  const i = rng.pick(candidates);
  const word = words[i]!;
  const letters = word.replace(/[,.!?]$/, "");
  const punctuation = word.slice(letters.length);
  const at = 1 + rng.int(letters.length - 2);
  const kind = rng.int(3);
  const typo =
    kind === 0
      ? letters.slice(0, at) + letters[at + 1]! + letters[at]! + letters.slice(at + 2)
      : kind === 1
        ? letters.slice(0, at) + letters.slice(at + 1)
        : letters.slice(0, at) + letters[at]! + letters.slice(at);
  words[i] = typo + punctuation;
  return words.join(" ");
}

interface Composition {
  /** Lines that say the post's main thing; a post uses one to three of them. */
  lines: readonly string[];
  /** Lines on something else the author also mentions (another topic of the day), used now and then. */
  otherLines?: readonly string[];
  /** Asides, of which a post adds none, one or two. */
  asides: readonly string[];
  slots: Record<string, string[]>;
}

/** Room left for opener, closer, hashtags and a reply mention under a 300-character post (Bluesky's limit; X's is 280). */
const MAX_BODY_CHARS = 240;

/**
 * Writes one post in a person's own words: one to three of the lines, maybe a line on something else, up to two
 * asides, an opener, a closer and now and then a typo. Posts on one subject share its vocabulary, seldom a whole
 * sentence: the parts are chosen independently, so two posts agree on all of them only by rare chance.
 */
function compose(lang: DemoLang, c: Composition, rng: Rng): string {
  const k = Math.min(c.lines.length, 1 + (rng.chance(0.5) ? 1 : 0) + (rng.chance(0.1) ? 1 : 0));
  const parts = pickDistinct(c.lines, k, rng).map((template, i) => ({ template, main: i === 0 }));
  if (c.otherLines?.length && rng.chance(0.25)) parts.push({ template: rng.pick(c.otherLines), main: false });
  const asides = rng.weighted({ none: 0.12, one: 0.48, two: 0.4 });
  for (const template of pickDistinct(c.asides, asides === "none" ? 0 : asides === "one" ? 1 : 2, rng)) {
    parts.splice(rng.int(parts.length + 1), 0, { template, main: false });
  }
  // Slot values may open a sentence ("my sister ..."); people capitalise the first word they type.
  const sentences = parts.map((p) => ({ text: capitalise(expand(p.template, c.slots, lang, rng)), main: p.main })).filter((p) => p.text);
  const join = lang === "ja" ? "" : " ";
  const body = () => sentences.map((p) => p.text).join(join);
  // A post too long for the networks loses its last extra parts, never the line that says what it is about.
  while (body().length > MAX_BODY_CHARS) {
    const last = sentences.findLastIndex((p) => !p.main);
    if (last < 0) break;
    sentences.splice(last, 1);
  }
  let text = `${withOpener(rng.pick(OPENERS[lang]), body(), lang)}${rng.pick(CLOSERS[lang])}`;
  if (lang !== "ja" && rng.chance(0.12)) text = withTypo(text, rng);
  return text;
}

const otherLinesCache = new Map<string, string[]>();
function otherTopicLines(topic: (typeof BACKGROUND_TOPICS)[number], lang: DemoLang): string[] {
  const key = `${topic.id}/${lang}`;
  let lines = otherLinesCache.get(key);
  if (!lines) otherLinesCache.set(key, (lines = BACKGROUND_TOPICS.filter((t) => t !== topic).flatMap((t) => t.lines[lang])));
  return lines;
}

/** Burst intensity of an event `m` minutes after its start (unnormalised). */
function burst(event: DemoEventContent, m: number): number {
  let v = 0;
  for (const b of event.bursts) {
    const x = m - b.offsetMin;
    if (x < 0) continue;
    v += b.weight * (x < b.riseMin ? (x + 0.5) / b.riseMin : Math.exp(-(x - b.riseMin) / b.decayMin));
  }
  return v;
}

function spamVariant(text: string, i: number, rng: Rng): string {
  // Tiny edits of the kind spammers use to dodge exact-match filters.
  const edits = [
    (s: string) => s.replace("$3000", `$${rng.pick(["2900", "3100", "3000", "3500"])}`),
    (s: string) => s.replace("!!", rng.pick(["!", "!!!", "!!"])),
    (s: string) => s.replace("💰", rng.pick(["💰💰", "🤑", "💵"])),
    (s: string) => s.replace("simple trick", rng.pick(["simple trick", "easy trick", "simple method"])),
    (s: string) => s.replace("DM me now", rng.pick(["DM me now", "DM me", "Message me now"])),
  ];
  let out = text;
  for (const e of edits) if (rng.chance(0.5)) out = e(out);
  return i % 7 === 0 ? `${out} .` : out;
}

/**
 * Generates the demo stream: background chatter in six languages, planted events with bursts, camps and a sentiment
 * shift, spam floods (exact and near-duplicate), re-deliveries and self-copies, replies, images with alt text and
 * engagement counts, together with the ground truth needed to grade trend, story and spam detection.
 * Same options → byte-identical output.
 */
export function generateDemoStream(opts: DemoStreamOptions = {}): DemoStream {
  const seed = opts.seed ?? 42;
  const hours = opts.hours ?? 3;
  if (!(hours > 0) || hours > 48) throw new Error(`demo stream: hours must be in (0, 48], got ${hours}`);
  const scale = opts.scale ?? 1;
  if (!(scale > 0)) throw new Error(`demo stream: scale must be > 0, got ${scale}`);
  const totalMin = Math.round(hours * 60);
  const startMs =
    opts.startTime === undefined ? Math.floor((Date.now() - totalMin * 60_000) / 60_000) * 60_000 : new Date(opts.startTime).getTime();
  if (!Number.isFinite(startMs)) throw new Error(`demo stream: invalid startTime ${String(opts.startTime)}`);
  const rng = new Rng(seededRandom(seed));
  const at = (minute: number) => startMs + Math.round(minute * 60_000);

  // Authors: humans with a home language, and bot accounts for the spam floods.
  const authors: Author[] = [];
  const byLang = new Map<DemoLang, Author[]>(DEMO_LANGS.map((l) => [l, []]));
  const nAuthors = Math.max(60, Math.round((opts.authors ?? 2500) * Math.min(1, scale * 2)));
  const taken = new Set<string>();
  for (let i = 0; i < nAuthors; i++) {
    const lang = rng.weighted(LANG_WEIGHTS);
    let handle: string;
    do handle = `${rng.pick(FIRST_NAMES[lang])}${rng.pick(["_", ".", ""])}${rng.pick(LAST_NAMES[lang])}${rng.chance(0.6) ? rng.int(100) : ""}`;
    while (taken.has(handle));
    taken.add(handle);
    const a: Author = { id: `demo-user-${i}`, handle, lang, reach: Math.exp(rng.normal() * 1.1) };
    authors.push(a);
    byLang.get(lang)!.push(a);
  }
  const authorFor = (lang: DemoLang) => {
    const pool = byLang.get(lang)!;
    return pool.length ? rng.pick(pool) : rng.pick(authors);
  };

  // Slots: when each post happens and what it is about; content is filled in time order so replies point backwards.
  const slots: Slot[] = [];
  const bgRate = (opts.backgroundPerMinute ?? 45) * scale;
  for (let m = 0; m < totalMin; m++) {
    const daily = 1 + 0.25 * Math.sin((2 * Math.PI * m) / (24 * 60));
    const n = rng.poisson(bgRate * daily);
    for (let i = 0; i < n; i++) slots.push({ kind: "background", t: m + rng.next() });
  }
  for (const event of DEMO_EVENTS) {
    const start = event.startFraction * totalMin;
    const span = totalMin - start;
    let norm = 0;
    for (let m = 0; m < span; m++) norm += burst(event, m);
    if (norm <= 0) continue;
    for (let m = 0; m < span; m++) {
      // The first post is at the start time exactly, so "time to detect" is measured from a known instant.
      const n = rng.poisson((event.volume * scale * burst(event, m)) / norm);
      for (let i = 0; i < n; i++) slots.push({ kind: "event", t: start + m + (m === 0 && i === 0 ? 0 : rng.next()), event });
    }
    slots.push({ kind: "event", t: start, event });
  }
  for (const campaign of SPAM_CAMPAIGNS) {
    const start = campaign.startFraction * totalMin;
    const n = Math.max(5, Math.round(campaign.posts * scale));
    for (let i = 0; i < n; i++) slots.push({ kind: "spam", t: start + rng.next() * campaign.durationMin, campaign, index: i });
  }
  slots.sort((a, b) => a.t - b.t);

  const posts: Post[] = [];
  const truth: DemoGroundTruth = {
    seed,
    startTime: new Date(startMs).toISOString(),
    endTime: new Date(at(totalMin)).toISOString(),
    events: DEMO_EVENTS.map((e) => {
      const start = e.startFraction * totalMin;
      const firstBurst = e.bursts[0]!;
      return {
        id: e.id,
        title: e.title,
        startTime: new Date(at(start)).toISOString(),
        peakTime: new Date(at(start + firstBurst.offsetMin + firstBurst.riseMin)).toISOString(),
        hashtags: e.hashtags,
        terms: e.terms,
        languages: Object.keys(e.langs),
        camps: e.camps.map((c) => ({ id: c.id, label: c.label, stance: c.stance, sentiment: c.sentiment, postIds: [] })),
        postIds: [],
        firstCampShare: e.firstCampShare,
      };
    }),
    eventOf: {},
    campOf: {},
    spam: SPAM_CAMPAIGNS.map((c) => ({
      id: c.id,
      mode: c.mode,
      text: c.text,
      hashtags: c.hashtags,
      startTime: new Date(at(c.startFraction * totalMin)).toISOString(),
      botHandles: [],
      postIds: [],
    })),
    spamPostIds: [],
    spamOnlyHashtags: [],
    redeliveredIds: [],
    selfCopyIds: [],
    languages: {},
  };
  const legitTags = new Set<string>([...DEMO_EVENTS.flatMap((e) => e.hashtags), ...BACKGROUND_TOPICS.map((t) => t.hashtag)].map((h) => h.toLowerCase()));
  truth.spamOnlyHashtags = [...new Set(SPAM_CAMPAIGNS.flatMap((c) => c.hashtags))].filter((h) => !legitTags.has(h.toLowerCase()));

  const bots = new Map<string, Author[]>();
  for (const c of SPAM_CAMPAIGNS) {
    const n = Math.max(3, Math.round(c.bots * Math.min(1, scale * 2)));
    const list: Author[] = [];
    for (let i = 0; i < n; i++) {
      const handle = `${rng.pick(["crypto", "money", "rich", "free", "win", "cash"])}_${rng.pick(["king", "guru", "hunter", "daily", "boss"])}${1000 + rng.int(9000)}${i}`;
      list.push({ id: `demo-bot-${c.id}-${i}`, handle, lang: "en", reach: 0.05 });
    }
    bots.set(c.id, list);
    truth.spam.find((s) => s.id === c.id)!.botHandles = list.map((b) => b.handle);
  }

  const recentBackground: Post[] = [];
  const recentByEvent = new Map<string, { post: Post; camp?: string }[]>();
  const lastTextOf = new Map<string, string>();
  let seq = 0;

  const make = (author: Author, lang: string, text: string, t: number, extra: Partial<Post>): Post => {
    const sourceId = `${seed}-${(seq++).toString().padStart(6, "0")}`;
    const post: Post = {
      id: `demo:${sourceId}`,
      source: "demo",
      sourceId,
      url: `https://social.example/@${author.handle}/${sourceId}`,
      author: { id: author.id, handle: author.handle },
      text,
      lang,
      createdAt: new Date(at(t)).toISOString(),
      hashtags: [],
      links: [],
      mentions: [],
      images: [],
      ...extra,
    };
    return post;
  };

  const engagement = (author: Author, boost: number) => {
    const likes = Math.floor(author.reach * boost * Math.exp(rng.normal() * 1.2) * 4);
    return { likes, reposts: Math.floor(likes * 0.2 * rng.next()), replies: Math.floor(likes * 0.1 * rng.next()), quotes: Math.floor(likes * 0.03 * rng.next()) };
  };

  for (const slot of slots) {
    let post: Post;
    if (slot.kind === "background") {
      const lang = rng.weighted(LANG_WEIGHTS);
      const author = authorFor(lang);
      const topic = rng.pick(BACKGROUND_TOPICS);
      const previous = lastTextOf.get(author.id);
      let text: string;
      let selfCopy = false;
      if (previous && rng.chance(0.02)) {
        text = previous;
        selfCopy = true;
      } else {
        text = compose(lang, { lines: topic.lines[lang], otherLines: otherTopicLines(topic, lang), asides: BACKGROUND_EXTRAS[lang], slots: COMMON_SLOTS[lang] }, rng);
        if (rng.chance(0.3)) text = rng.chance(0.2) ? `#${topic.hashtag} ${text}` : `${text} #${topic.hashtag}`;
      }
      const extra: Partial<Post> = { engagement: engagement(author, 1) };
      if (recentBackground.length && rng.chance(0.12)) {
        const parent = rng.pick(recentBackground);
        extra.replyTo = parent.id;
        extra.mentions = [parent.author.handle!];
        text = `@${parent.author.handle} ${text}`;
      }
      if (rng.chance(0.07)) extra.images = [{ url: `https://media.social.example/${topic.id}/${seq}.jpg`, alt: topic.alt }];
      post = make(author, lang, text, slot.t, extra);
      post.hashtags = [...post.text.matchAll(/#(\w+)/g)].map((m) => m[1]!);
      if (selfCopy) truth.selfCopyIds.push(post.id);
      lastTextOf.set(author.id, text);
      recentBackground.push(post);
      if (recentBackground.length > 200) recentBackground.shift();
    } else if (slot.kind === "event") {
      const e = slot.event;
      const et = truth.events.find((x) => x.id === e.id)!;
      const start = e.startFraction * totalMin;
      // Opinion shifts over the event's active life (most of its posts), not over the rest of the stream.
      const life = Math.min(totalMin - start, Math.max(...e.bursts.map((b) => b.offsetMin + b.riseMin + 2 * b.decayMin)));
      const progress = Math.min(1, Math.max(0, (slot.t - start) / Math.max(1, life)));
      const lang = rng.weighted(e.langs) as DemoLang;
      const author = authorFor(rng.chance(0.8) ? lang : rng.weighted(LANG_WEIGHTS));
      const reportShare = e.reportShare[0] + (e.reportShare[1] - e.reportShare[0]) * Math.min(1, progress * 3);
      const firstShare = e.firstCampShare[0] + (e.firstCampShare[1] - e.firstCampShare[0]) * progress;
      const isReport = rng.chance(reportShare) && e.reports[lang]?.length;
      const camp = isReport ? undefined : rng.chance(firstShare) ? e.camps[0] : e.camps[1];
      const lines = camp ? (camp.lines[lang] ?? camp.lines.en!) : e.reports[lang]!;
      const slots = { ...COMMON_SLOTS[lang], ...(e.slots[lang] ?? e.slots.en) };
      let text = compose(lang, { lines, asides: [...(e.context[lang] ?? []), ...EVENT_ASIDES[lang]], slots }, rng);
      const tags = [e.hashtags[0]!];
      for (const h of e.hashtags.slice(1)) if (rng.chance(0.35)) tags.push(h);
      if (rng.chance(0.85)) {
        const tagText = tags.map((h) => `#${h}`).join(" ");
        text = rng.chance(0.15) ? `${tagText} ${text}` : `${text} ${tagText}`;
      }
      const extra: Partial<Post> = { engagement: engagement(author, 1 + 4 * burst(e, slot.t - start)) };
      const recent = recentByEvent.get(e.id) ?? [];
      if (recent.length && rng.chance(0.2)) {
        // Replies mostly argue with the other side.
        const opponents = recent.filter((r) => r.camp && r.camp !== camp?.id);
        const parent = rng.pick(opponents.length && rng.chance(0.7) ? opponents : recent).post;
        extra.replyTo = parent.id;
        extra.mentions = [parent.author.handle!];
        text = `@${parent.author.handle} ${text}`;
      }
      if (rng.chance(0.12)) extra.images = [{ url: `https://media.social.example/${e.id}/${seq}.jpg`, alt: rng.pick(e.alts) }];
      post = make(author, lang, text, slot.t, extra);
      post.hashtags = [...post.text.matchAll(/#(\w+)/g)].map((m) => m[1]!);
      et.postIds.push(post.id);
      truth.eventOf[post.id] = e.id;
      if (camp) {
        truth.campOf[post.id] = `${e.id}/${camp.id}`;
        et.camps.find((c) => c.id === camp.id)!.postIds.push(post.id);
      }
      recent.push({ post, camp: camp?.id });
      if (recent.length > 100) recent.shift();
      recentByEvent.set(e.id, recent);
    } else {
      const c = slot.campaign;
      const bot = rng.pick(bots.get(c.id)!);
      const text = c.mode === "exact" ? c.text : spamVariant(c.text, slot.index, rng);
      post = make(bot, "en", text, slot.t, {
        hashtags: [...text.matchAll(/#(\w+)/g)].map((m) => m[1]!),
        links: [...text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]),
        engagement: { likes: rng.int(2), reposts: 0, replies: 0, quotes: 0 },
      });
      truth.spam.find((s) => s.id === c.id)!.postIds.push(post.id);
      truth.spamPostIds.push(post.id);
    }
    posts.push(post);
    truth.languages[post.lang] = (truth.languages[post.lang] ?? 0) + 1;
  }

  // Re-deliveries: the same post arriving again a little later, as happens after a reconnect or a relay hiccup.
  const redeliveries: Post[] = [];
  for (const p of posts) {
    if (rng.chance(0.01)) {
      redeliveries.push(p);
      truth.redeliveredIds.push(p.id);
    }
  }
  const delivered = [...posts];
  for (const p of redeliveries) {
    const delay = 5_000 + rng.int(120_000);
    const when = Date.parse(p.createdAt) + delay;
    let i = delivered.findIndex((q) => Date.parse(q.createdAt) > when);
    if (i < 0) i = delivered.length;
    delivered.splice(i, 0, p);
  }
  return { posts: delivered, truth };
}

/** Writes the stream as JSONL (one Post per line, for the `replay` source) and returns its ground truth. */
export async function writeDemoStreamJsonl(file: string, opts: DemoStreamOptions = {}): Promise<DemoGroundTruth> {
  const { posts, truth } = generateDemoStream(opts);
  await mkdir(dirname(file), { recursive: true });
  const out = createWriteStream(file, { encoding: "utf8" });
  for (const p of posts) if (!out.write(`${JSON.stringify(p)}\n`)) await once(out, "drain");
  out.end();
  await once(out, "finish");
  return truth;
}
