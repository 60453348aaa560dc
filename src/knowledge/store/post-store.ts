import type { Post, SourceKind } from "../post.js";

/** A post as stored: the normalised post plus what the pipeline learned about it. */
export interface StoredPost extends Post {
  /** VADER compound score, null when the language could not be scored */
  sentiment: number | null;
  storyId: string | null;
  /** The earlier post this one copies (exact or near-duplicate), if any */
  duplicateOf: string | null;
  ingestedAt: string;
}

export interface PostWrite {
  post: Post;
  sentiment?: number | null;
  storyId?: string | null;
  duplicateOf?: string | null;
  contentHash?: string | null;
  /** `post.createdAt` as unix ms, when the caller parsed it already and `createdAt` is that instant's ISO string */
  createdMs?: number;
}

export interface UpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Filters shared by full-text search and plain listing. Times are epoch milliseconds. */
export interface PostFilter {
  sinceMs?: number;
  untilMs?: number;
  sources?: SourceKind[];
  langs?: string[];
  /** Handles or author ids (either matches) */
  authors?: string[];
  excludedAuthors?: string[];
  /** Leave out posts marked as copies of earlier ones */
  excludeDuplicates?: boolean;
}

export interface FtsCandidate {
  pk: number;
  id: string;
  createdMs: number;
  duplicateOf: string | null;
  /** SQLite's bm25(): lower (more negative) is more relevant */
  bm25: number;
}

export interface RetentionPolicy {
  maxAgeMs?: number;
  maxPosts?: number;
  /** Stream time the age limit is measured from; defaults to the newest stored post */
  nowMs?: number;
}

export interface PostStore {
  /** Writes posts in one transaction; keyed by post id, so delivering a post twice changes nothing. */
  upsertMany(writes: PostWrite[]): UpsertResult;
  /** Ids among `ids` that are already stored. */
  existingIds(ids: string[]): Set<string>;
  deleteMany(ids: string[]): number;
  get(id: string): StoredPost | undefined;
  /** Posts by id, in the order asked, skipping ids that are gone. */
  getMany(ids: string[]): StoredPost[];
  /** FTS5 match (already a valid FTS5 expression) with filters; the newest `limit` matches with their bm25 (light rows: rank first, then load). */
  searchFts(match: string, filter: PostFilter, limit: number): FtsCandidate[];
  /** Full posts by primary key, in the order asked. */
  getByPk(pks: number[]): StoredPost[];
  /** Newest posts matching the filters, newest first. */
  recent(filter: PostFilter, limit: number): StoredPost[];
  postsOfStory(storyId: string, limit: number): StoredPost[];
  /** Posts created at or after `sinceMs` in creation order, in pages, for rebuilding analysis after a restart. */
  iterateSince(sinceMs: number, pageSize?: number): Iterable<StoredPost>;
  count(): number;
  countBySource(): Record<string, number>;
  newestCreatedMs(): number | undefined;
  /** Deletes what the policy no longer keeps; returns how many posts went. */
  applyRetention(policy: RetentionPolicy): number;
  /** Returns freed pages to the file system and merges FTS segments; cheap enough to run after each retention pass. */
  compact(): void;
  /** Wraps several calls in one transaction (the pipeline's batch). */
  transaction<T>(fn: () => T): T;
}
