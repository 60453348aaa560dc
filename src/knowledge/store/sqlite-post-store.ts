import type { Statement } from "better-sqlite3";
import type { SqliteDatabase } from "../../storage/database.js";
import type { Post, PostEngagement, PostImage, SourceKind } from "../post.js";
import type { FtsCandidate, PostFilter, PostStore, PostWrite, RetentionPolicy, StoredPost, UpsertResult } from "./post-store.js";

interface PostRow {
  pk: number;
  id: string;
  source: string;
  source_id: string;
  url: string;
  author_id: string;
  author_handle: string | null;
  text: string;
  lang: string;
  created_ms: number;
  ingested_ms: number;
  hashtags: string;
  alt_text: string;
  extra: string;
  engagement: number;
  sentiment: number | null;
  story_id: string | null;
  duplicate_of: string | null;
}

/** Fields of a post that have no column of their own. */
interface PostExtra {
  displayName?: string;
  links?: string[];
  mentions?: string[];
  images?: PostImage[];
  replyTo?: string;
  quoteOf?: string;
  engagement?: PostEngagement;
  createdAt?: string;
}

const COLUMNS =
  "pk, id, source, source_id, url, author_id, author_handle, text, lang, created_ms, ingested_ms, hashtags, alt_text, extra, engagement, sentiment, story_id, duplicate_of";

/**
 * PostStore on the shared SQLite database. Writes go through prepared statements inside one transaction
 * per batch; the FTS index follows through triggers (see knowledge/migrations.ts).
 */
export class SqlitePostStore implements PostStore {
  private readonly findStmt: Statement<[string]>;
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly deleteStmt: Statement<[string]>;
  private readonly getStmt: Statement<[string]>;
  private readonly countStmt: Statement<[]>;
  private cursorStmt: Statement<[string, string, number]> | undefined;

  constructor(
    private readonly db: SqliteDatabase,
    options: { prepareCompaction?: boolean } = {},
  ) {
    // A second connection (the writer thread) must leave the file's layout to the first.
    if (options.prepareCompaction !== false) this.prepareCompaction();
    this.findStmt = db.prepare("SELECT pk, text, hashtags, alt_text, url, lang, extra, author_handle FROM knowledge_posts WHERE id = ?");
    // Positional parameters in ROW_FIELDS order: binding an array is cheaper than naming 18 fields per post.
    this.insertStmt = db.prepare(`INSERT INTO knowledge_posts (${ROW_FIELDS.join(", ")})
      VALUES (${ROW_FIELDS.map(() => "?").join(", ")}) ON CONFLICT (id) DO NOTHING`);
    this.updateStmt = db.prepare(`UPDATE knowledge_posts SET url = ?, author_handle = ?, text = ?, lang = ?,
      hashtags = ?, alt_text = ?, extra = ?, engagement = ?,
      sentiment = coalesce(?, sentiment), content_hash = coalesce(?, content_hash) WHERE pk = ?`);
    this.deleteStmt = db.prepare("DELETE FROM knowledge_posts WHERE id = ?");
    this.getStmt = db.prepare(`SELECT ${COLUMNS} FROM knowledge_posts WHERE id = ?`);
    this.countStmt = db.prepare("SELECT count(*) AS n FROM knowledge_posts");
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  upsertMany(writes: PostWrite[]): UpsertResult {
    const now = Date.now();
    return this.upsertRows(writes.map((w) => rowValues(w, now)));
  }

  /** Writes rows made by `rowValues` in one transaction (nested in the caller's, if any). */
  upsertRows(rows: RowValues[]): UpsertResult {
    const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
    this.transaction(() => {
      for (const row of rows) {
        // New posts are the common case: one statement, and the lookup only when the id is already there.
        if (this.insertStmt.run(row).changes === 1) {
          result.inserted++;
          continue;
        }
        const existing = this.findStmt.get(row[F.id] as string) as
          | { pk: number; text: string; hashtags: string; alt_text: string; url: string; lang: string; extra: string; author_handle: string | null }
          | undefined;
        if (!existing) continue;
        if (
          existing.text !== row[F.text] ||
          existing.hashtags !== row[F.hashtags] ||
          existing.alt_text !== row[F.alt_text] ||
          existing.url !== row[F.url] ||
          existing.lang !== row[F.lang] ||
          existing.extra !== row[F.extra] ||
          existing.author_handle !== row[F.author_handle]
        ) {
          this.updateStmt.run(
            row[F.url], row[F.author_handle], row[F.text], row[F.lang], row[F.hashtags], row[F.alt_text], row[F.extra], row[F.engagement],
            row[F.sentiment], row[F.content_hash], existing.pk,
          );
          result.updated++;
        } else result.unchanged++;
      }
    });
    return result;
  }

  /**
   * One ingest batch as one transaction: upserts and deletes in arrival order, then the cursors that these events
   * make safe. Used in-thread and by the writer thread (store/post-writer-thread.ts), so both write identically.
   */
  writeBatch(ops: WriteOp[], cursors: [string, string][] = []): UpsertResult & { deleted: number } {
    const result = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
    this.transaction(() => {
      let pending: RowValues[] = [];
      const writePending = () => {
        if (pending.length === 0) return;
        const r = this.upsertRows(pending);
        result.inserted += r.inserted;
        result.updated += r.updated;
        result.unchanged += r.unchanged;
        pending = [];
      };
      for (const op of ops) {
        if (typeof op === "string") {
          writePending();
          result.deleted += this.deleteStmt.run(op).changes;
        } else pending.push(op);
      }
      writePending();
      if (cursors.length) {
        this.cursorStmt ??= this.db.prepare(
          "INSERT INTO knowledge_cursors (name, cursor, updated_ms) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor, updated_ms = excluded.updated_ms",
        );
        const now = Date.now();
        for (const [name, value] of cursors) this.cursorStmt.run(name, value, now);
      }
    });
    return result;
  }

  existingIds(ids: string[]): Set<string> {
    const found = new Set<string>();
    for (const id of ids) if (this.findStmt.get(id)) found.add(id);
    return found;
  }

  deleteMany(ids: string[]): number {
    let n = 0;
    this.transaction(() => {
      for (const id of ids) n += this.deleteStmt.run(id).changes;
    });
    return n;
  }

  get(id: string): StoredPost | undefined {
    const row = this.getStmt.get(id) as PostRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  getMany(ids: string[]): StoredPost[] {
    const out: StoredPost[] = [];
    for (const id of ids) {
      const p = this.get(id);
      if (p) out.push(p);
    }
    return out;
  }

  searchFts(match: string, filter: PostFilter, limit: number): FtsCandidate[] {
    // What people search is the post's words, hashtags and image descriptions, never its author's name.
    let full = `{text hashtags alt_text} : (${match})`;
    // A few authors' posts are far fewer than a common word's matches: narrow through the FTS author column
    // (handle and id as words); the SQL filter then keeps exact matches only.
    const authorMatch = authorFtsMatch(filter.authors);
    if (authorMatch) full = `${full} AND ${authorMatch}`;
    return this.ftsCandidates(full, filter, limit);
  }

  private ftsCandidates(match: string, filter: PostFilter, limit: number): FtsCandidate[] {
    const { where, params } = filterSql(filter, "p.");
    // Newest matches first: rowid order is arrival order, which FTS5 walks without scoring every match,
    // so a common word over millions of posts still costs only `limit` rows. Only light columns here;
    // the caller loads the few posts it keeps.
    const sql = `SELECT p.pk AS pk, p.id AS id, p.created_ms AS created_ms, p.duplicate_of AS duplicate_of, bm25(knowledge_posts_fts, 1.0, 2.0, 0.5, 0.0) AS score
      FROM knowledge_posts_fts JOIN knowledge_posts p ON p.pk = knowledge_posts_fts.rowid
      WHERE knowledge_posts_fts MATCH @match ${where ? "AND " + where : ""}
      ORDER BY knowledge_posts_fts.rowid DESC LIMIT @limit`;
    const rows = this.db.prepare(sql).all({ ...params, match, limit }) as { pk: number; id: string; created_ms: number; duplicate_of: string | null; score: number }[];
    return rows.map((r) => ({ pk: r.pk, id: r.id, createdMs: r.created_ms, duplicateOf: r.duplicate_of, bm25: r.score }));
  }

  getByPk(pks: number[]): StoredPost[] {
    const stmt = this.db.prepare(`SELECT ${COLUMNS} FROM knowledge_posts WHERE pk = ?`);
    const out: StoredPost[] = [];
    for (const pk of pks) {
      const row = stmt.get(pk) as PostRow | undefined;
      if (row) out.push(fromRow(row));
    }
    return out;
  }

  recent(filter: PostFilter, limit: number): StoredPost[] {
    const authorMatch = authorFtsMatch(filter.authors);
    if (authorMatch) {
      // Newest posts of a few authors: through the FTS author column rather than scanning every post by time.
      const pks = this.ftsCandidates(authorMatch, filter, limit * 4)
        .sort((a, b) => b.createdMs - a.createdMs)
        .slice(0, limit)
        .map((c) => c.pk);
      return this.getByPk(pks);
    }
    const { where, params } = filterSql(filter, "");
    const sql = `SELECT ${COLUMNS} FROM knowledge_posts ${where ? "WHERE " + where : ""} ORDER BY created_ms DESC LIMIT @limit`;
    return (this.db.prepare(sql).all({ ...params, limit }) as PostRow[]).map(fromRow);
  }

  postsOfStory(storyId: string, limit: number): StoredPost[] {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM knowledge_posts WHERE story_id = ? ORDER BY created_ms ASC LIMIT ?`)
      .all(storyId, limit) as PostRow[];
    return rows.map(fromRow);
  }

  *iterateSince(sinceMs: number, pageSize = 2000): Iterable<StoredPost> {
    const stmt = this.db.prepare(
      `SELECT ${COLUMNS} FROM knowledge_posts WHERE (created_ms > @ms OR (created_ms = @ms AND pk > @pk)) ORDER BY created_ms, pk LIMIT @n`,
    );
    let ms = sinceMs - 1;
    let pk = 0;
    for (;;) {
      const rows = stmt.all({ ms, pk, n: pageSize }) as PostRow[];
      if (rows.length === 0) return;
      for (const r of rows) yield fromRow(r);
      const last = rows[rows.length - 1]!;
      ms = last.created_ms;
      pk = last.pk;
    }
  }

  count(): number {
    return (this.countStmt.get() as { n: number }).n;
  }

  countBySource(): Record<string, number> {
    const rows = this.db.prepare("SELECT source, count(*) AS n FROM knowledge_posts GROUP BY source").all() as { source: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.source, r.n]));
  }

  /** created_ms of the n-th newest post (0-based), or undefined when there are not that many. */
  createdMsAtRank(n: number): number | undefined {
    const row = this.db.prepare("SELECT created_ms AS ms FROM knowledge_posts ORDER BY created_ms DESC LIMIT 1 OFFSET ?").get(n) as { ms: number } | undefined;
    return row?.ms;
  }

  newestCreatedMs(): number | undefined {
    const row = this.db.prepare("SELECT max(created_ms) AS ms FROM knowledge_posts").get() as { ms: number | null };
    return row.ms ?? undefined;
  }

  applyRetention(policy: RetentionPolicy): number {
    let deleted = 0;
    // Small transactions so a large purge never holds the write lock long enough to stall ingest.
    const chunk = this.db.prepare(
      "DELETE FROM knowledge_posts WHERE pk IN (SELECT pk FROM knowledge_posts WHERE created_ms < ? ORDER BY created_ms LIMIT 5000)",
    );
    if (policy.maxAgeMs !== undefined) {
      const now = policy.nowMs ?? this.newestCreatedMs();
      if (now !== undefined) {
        const cutoff = now - policy.maxAgeMs;
        for (;;) {
          const n = chunk.run(cutoff).changes;
          deleted += n;
          if (n < 5000) break;
        }
      }
    }
    if (policy.maxPosts !== undefined) {
      let excess = this.count() - policy.maxPosts;
      const oldest = this.db.prepare(
        "DELETE FROM knowledge_posts WHERE pk IN (SELECT pk FROM knowledge_posts ORDER BY created_ms LIMIT ?)",
      );
      while (excess > 0) {
        const n = oldest.run(Math.min(excess, 5000)).changes;
        if (n === 0) break;
        deleted += n;
        excess -= n;
      }
    }
    return deleted;
  }

  compact(): void {
    this.db.prepare("INSERT INTO knowledge_posts_fts (knowledge_posts_fts, rank) VALUES ('merge', 500)").run();
    if (this.db.pragma("auto_vacuum", { simple: true }) === 2) this.db.pragma("incremental_vacuum(2000)");
  }

  /**
   * Incremental vacuum only works when auto_vacuum was set before the file's first table, or after a VACUUM.
   * A file with no posts yet is small, so converting it now costs milliseconds; a full one is left alone.
   */
  private prepareCompaction(): void {
    if (this.db.pragma("auto_vacuum", { simple: true }) === 2) return;
    if (this.db.inTransaction) return;
    const file = this.db.name;
    if (file === ":memory:" || file === "") return;
    const empty = !(this.db.prepare("SELECT 1 FROM knowledge_posts LIMIT 1").get());
    const pages = this.db.pragma("page_count", { simple: true }) as number;
    if (!empty || pages > 25_000) return;
    try {
      this.db.pragma("auto_vacuum = INCREMENTAL");
      this.db.exec("VACUUM");
    } catch {
      // Another statement holds the file (VACUUM needs it to itself): compaction then merges FTS segments only.
    }
  }
}

/** A PostFilter as SQL over knowledge_posts (columns prefixed, e.g. "p."), with named parameters. */
export function filterSql(f: PostFilter, prefix: string): { where: string; params: Record<string, unknown> } {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.sinceMs !== undefined) {
    parts.push(`${prefix}created_ms >= @since`);
    params.since = f.sinceMs;
  }
  if (f.untilMs !== undefined) {
    parts.push(`${prefix}created_ms <= @until`);
    params.until = f.untilMs;
  }
  const list = (name: string, values: string[] | undefined, column: (p: string) => string, negate = false) => {
    if (!values || values.length === 0) return;
    const names = values.map((v, i) => {
      params[`${name}${i}`] = v;
      return `@${name}${i}`;
    });
    parts.push(`${negate ? "NOT " : ""}(${column(names.join(", "))})`);
  };
  list("src", f.sources, (n) => `${prefix}source IN (${n})`);
  list("lang", f.langs, (n) => `${prefix}lang IN (${n})`);
  list("au", f.authors?.map(normaliseHandle), (n) => `lower(${prefix}author_handle) IN (${n}) OR ${prefix}author_id IN (${n})`);
  list("xau", f.excludedAuthors?.map(normaliseHandle), (n) => `coalesce(lower(${prefix}author_handle), '') IN (${n}) OR ${prefix}author_id IN (${n})`, true);
  if (f.excludeDuplicates) parts.push(`${prefix}duplicate_of IS NULL`);
  return { where: parts.join(" AND "), params };
}

/** `author : ("alice example" OR "did plc x")`: each handle or id as the phrase of its words, for the FTS author column. */
function authorFtsMatch(authors: string[] | undefined): string | undefined {
  if (!authors?.length) return undefined;
  const phrases = authors
    .map((a) => normaliseHandle(a).match(/[\p{L}\p{N}]+/gu)?.join(" "))
    .filter((p): p is string => !!p)
    .map((p) => `"${p}"`);
  return phrases.length ? `(author : (${phrases.join(" OR ")}))` : undefined;
}

/** Handles compare without a leading '@' and without case. */
export function normaliseHandle(handle: string): string {
  return handle.trim().replace(/^@/, "").toLowerCase();
}

/** Columns written per post, in the order of `RowValues`. */
const ROW_FIELDS = [
  "id", "source", "source_id", "url", "author_id", "author_handle", "text", "lang", "created_ms", "ingested_ms",
  "hashtags", "alt_text", "extra", "engagement", "sentiment", "story_id", "duplicate_of", "content_hash",
] as const;
const F = Object.fromEntries(ROW_FIELDS.map((f, i) => [f, i])) as { [K in (typeof ROW_FIELDS)[number]]: number };

/** A post's column values in ROW_FIELDS order: plain data, cheap to bind and to post to the writer thread. */
export type RowValues = (string | number | null)[];
/** One write of a batch: a row to upsert, or the id of a post to delete. */
export type WriteOp = RowValues | string;

export function rowValues(w: PostWrite, now: number): RowValues {
  const p = w.post;
  const extra: PostExtra = {};
  if (p.author.displayName) extra.displayName = p.author.displayName;
  if (p.links.length) extra.links = p.links;
  if (p.mentions.length) extra.mentions = p.mentions;
  if (p.images.length) extra.images = p.images;
  if (p.replyTo) extra.replyTo = p.replyTo;
  if (p.quoteOf) extra.quoteOf = p.quoteOf;
  if (p.engagement) extra.engagement = p.engagement;
  const createdMs = w.createdMs ?? Date.parse(p.createdAt);
  // Keep the source's own timestamp string when it does not round-trip through Date (extra precision, odd zones).
  if (w.createdMs === undefined && new Date(createdMs).toISOString() !== p.createdAt) extra.createdAt = p.createdAt;
  return [
    p.id,
    p.source,
    p.sourceId,
    p.url,
    p.author.id,
    p.author.handle ?? null,
    p.text,
    p.lang,
    createdMs,
    now,
    p.hashtags.join(" "),
    p.images
      .map((i) => i.alt ?? "")
      .filter(Boolean)
      .join("\n"),
    JSON.stringify(extra),
    engagementScore(p.engagement),
    w.sentiment ?? null,
    w.storyId ?? null,
    w.duplicateOf ?? null,
    w.contentHash ?? null,
  ];
}

function fromRow(r: PostRow): StoredPost {
  const extra = JSON.parse(r.extra) as PostExtra;
  const post: Post = {
    id: r.id,
    source: r.source as SourceKind,
    sourceId: r.source_id,
    url: r.url,
    author: { id: r.author_id, ...(r.author_handle ? { handle: r.author_handle } : {}), ...(extra.displayName ? { displayName: extra.displayName } : {}) },
    text: r.text,
    lang: r.lang,
    createdAt: extra.createdAt ?? new Date(r.created_ms).toISOString(),
    hashtags: r.hashtags ? r.hashtags.split(" ") : [],
    links: extra.links ?? [],
    mentions: extra.mentions ?? [],
    images: extra.images ?? [],
  };
  if (extra.replyTo) post.replyTo = extra.replyTo;
  if (extra.quoteOf) post.quoteOf = extra.quoteOf;
  if (extra.engagement) post.engagement = extra.engagement;
  return {
    ...post,
    sentiment: r.sentiment,
    storyId: r.story_id,
    duplicateOf: r.duplicate_of,
    ingestedAt: new Date(r.ingested_ms).toISOString(),
  };
}

/** Engagement as one number: reposts and quotes spread a post further than a like does. */
export function engagementScore(e: PostEngagement | undefined): number {
  return e ? (e.likes ?? 0) + 2 * (e.reposts ?? 0) + (e.replies ?? 0) + 2 * (e.quotes ?? 0) : 0;
}
