/** The one normalised shape every source produces and every consumer (store, analysis, search, assistant) reads. */
export type SourceKind = "bluesky" | "mastodon" | "x" | "rss" | "replay" | "demo";

export interface PostAuthor {
  id: string;
  handle?: string;
  displayName?: string;
}

export interface PostImage {
  url: string;
  alt?: string;
}

export interface PostEngagement {
  likes?: number;
  reposts?: number;
  replies?: number;
  quotes?: number;
}

export interface Post {
  /** Globally unique: `${source}:${sourceId}` */
  id: string;
  source: SourceKind;
  /** The id the source itself uses (at-uri, status id, tweet id, feed item guid) */
  sourceId: string;
  url: string;
  author: PostAuthor;
  text: string;
  /** BCP-47-ish language code: the post's own when it declares one, else detected offline; "und" when unknown */
  lang: string;
  /** ISO 8601 */
  createdAt: string;
  hashtags: string[];
  links: string[];
  mentions: string[];
  images: PostImage[];
  replyTo?: string;
  quoteOf?: string;
  engagement?: PostEngagement;
}

/** What a source emits: a new or edited post, or the removal of one. */
export type PostEvent =
  | { kind: "upsert"; post: Post; cursor?: string }
  | { kind: "delete"; source: SourceKind; sourceId: string; cursor?: string };

export type SourceState = "idle" | "connecting" | "connected" | "reconnecting" | "stopped" | "failed";

export interface SourceStatus {
  name: string;
  kind: SourceKind;
  state: SourceState;
  cursor?: string;
  /** Seconds between the newest event's stream time and now */
  lagSeconds?: number;
  postsPerSecond: number;
  received: number;
  lastError?: string;
}

/** A live or replayed stream of posts. `start` resolves once it is running; events go to the handler in order. */
export interface PostSource {
  readonly name: string;
  readonly kind: SourceKind;
  start(onEvent: (event: PostEvent) => void | Promise<void>): Promise<void>;
  stop(): Promise<void>;
  status(): SourceStatus;
}
