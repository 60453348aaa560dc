import { createRequire } from "node:module";
import type { Statement } from "better-sqlite3";
import type { SqliteDatabase } from "../../storage/database.js";
import { filterSql } from "./sqlite-post-store.js";
import type { PostFilter } from "./post-store.js";

/** Which model's vectors the index holds; a different model (or dimension) means a rebuild. */
export interface VectorIndexState {
  model: string;
  dimension: number;
  createdMs: number;
}

export interface VectorWrite {
  pk: number;
  createdMs: number;
  /** Unit length (see normaliseVector) */
  vector: Float32Array;
}

/** A post near the query vector, with what search needs to rank it and collapse copies. */
export interface VectorCandidate {
  pk: number;
  id: string;
  createdMs: number;
  duplicateOf: string | null;
  /** Cosine similarity to the query (from the stored int8 vector) */
  similarity: number;
}

const VEC_TABLE = "knowledge_post_vec";

/**
 * Post embeddings on the shared SQLite file, searched with sqlite-vec.
 *
 * Two layers, because sqlite-vec's brute-force KNN over float vectors measured 65–110 ms for 100,000 posts of 384
 * dimensions on this machine while the same scan over sign bits took 11–23 ms:
 * - `knowledge_post_vec` (vec0): one bit per dimension (the sign), plus `created_ms` as a metadata column so
 *   since/until narrow the scan itself. KNN over it (Hamming distance) picks the candidates.
 * - `knowledge_post_vectors` (plain table): each vector as int8 with a per-vector scale (a quarter of float32's
 *   size), keyed by the post's pk. Candidates are re-scored by exact cosine from it, and it is the truth: a pk is
 *   searchable only while its row here exists, which the delete/edit triggers (knowledge/migrations.ts) remove on any
 *   connection. Index rows they leave behind are queued as tombstones and removed here, where sqlite-vec is loaded.
 */
export class SqliteVectorIndex {
  private vecReady = false;
  private vectorCount: number;
  /** Highest pk of an edited (or reused) post whose stale row write() cleared, for the next drainTombstones() to report */
  private reembedFrom = 0;
  /** The state row as last read; null: not read yet */
  private current: VectorIndexState | undefined | null = null;
  private readonly insertVector: Statement;
  private readonly hasVector: Statement<[number]>;
  private insertBits: Statement | undefined;
  private deleteBits: Statement | undefined;

  private constructor(
    private readonly db: SqliteDatabase,
    private readonly log: (line: string) => void,
  ) {
    this.insertVector = db.prepare("INSERT OR REPLACE INTO knowledge_post_vectors (pk, vector) VALUES (?, ?)");
    this.hasVector = db.prepare("SELECT 1 FROM knowledge_post_vectors WHERE pk = ?");
    this.vectorCount = (db.prepare("SELECT count(*) AS n FROM knowledge_post_vectors").get() as { n: number }).n;
    const state = this.state();
    if (state && this.tableExists()) this.prepareVec();
  }

  /**
   * Loads sqlite-vec into `db` and opens the index; undefined (after one clear log line) when the extension cannot
   * load, so the engine stays BM25-only instead of failing.
   */
  static open(db: SqliteDatabase, log: (line: string) => void = () => {}): SqliteVectorIndex | undefined {
    if (!loadSqliteVec(db, log)) return undefined;
    return new SqliteVectorIndex(db, log);
  }

  /** Which model and dimension the index holds (read once: only this class writes it, in prepare and reset). */
  state(): VectorIndexState | undefined {
    if (this.current === null) {
      const row = this.db.prepare("SELECT model, dimension, created_ms FROM knowledge_embedding_state WHERE id = 1").get() as
        | { model: string; dimension: number; created_ms: number }
        | undefined;
      this.current = row ? { model: row.model, dimension: row.dimension, createdMs: row.created_ms } : undefined;
    }
    return this.current;
  }

  /** Vectors stored (kept in memory: count(*) over vec0 scans it). */
  get count(): number {
    return this.vectorCount;
  }

  /** True when the index holds vectors of `model` that can be searched. */
  holds(model: string): boolean {
    return this.vecReady && this.vectorCount > 0 && this.state()?.model === model;
  }

  /** Drops every vector (a model switch, or a model whose dimension changed). */
  reset(reason?: string): void {
    const had = this.state();
    this.db.transaction(() => {
      this.db.exec(`DROP TABLE IF EXISTS ${VEC_TABLE}`);
      this.db.exec("DELETE FROM knowledge_post_vectors; DELETE FROM knowledge_vector_tombstones; DELETE FROM knowledge_embedding_state");
    })();
    this.vecReady = false;
    this.insertBits = this.deleteBits = undefined;
    this.vectorCount = 0;
    this.current = undefined;
    if (had && reason) this.log(`knowledge: ${reason}; dropped ${had.model}'s vectors (${had.dimension} dimensions), re-embedding`);
  }

  /**
   * Makes the index ready for `model`'s vectors of `dimension`: keeps what it holds when both match, else starts over.
   * Returns true when it started over.
   */
  prepare(model: string, dimension: number): boolean {
    const s = this.state();
    if (s && s.model === model && s.dimension === dimension && this.vecReady) return false;
    // A state without its vec0 table (dropped by hand, or a crash between the two) starts over silently.
    if (s) this.reset(s.model !== model ? `embedding model changed from ${s.model} to ${model}` : s.dimension !== dimension ? `${model} now returns ${dimension} dimensions instead of ${s.dimension}` : undefined);
    this.db.transaction(() => {
      this.db.exec(`DROP TABLE IF EXISTS ${VEC_TABLE}`);
      this.db.exec(`CREATE VIRTUAL TABLE ${VEC_TABLE} USING vec0 (embedding bit[${bitWidth(dimension)}], created_ms integer)`);
      this.db.prepare("INSERT INTO knowledge_embedding_state (id, model, dimension, created_ms) VALUES (1, ?, ?, ?)").run(model, dimension, Date.now());
    })();
    this.current = null;
    this.prepareVec();
    return true;
  }

  /** Forgets vectors of a model other than `model` (called when the configured model changes, before its first vector). */
  forgetOtherModels(model: string): boolean {
    const s = this.state();
    if (!s || s.model === model) return false;
    this.reset(`embedding model changed from ${s.model} to ${model}`);
    return true;
  }

  /** pks among `pks` that already have a vector. */
  existing(pks: number[]): Set<number> {
    const out = new Set<number>();
    for (const pk of pks) if (this.hasVector.get(pk)) out.add(pk);
    return out;
  }

  /** Writes vectors (skipping pks whose post is gone or that got one meanwhile) in one transaction; returns how many. */
  write(items: VectorWrite[]): number {
    if (!this.vecReady || !this.insertBits || !this.deleteBits) throw new Error("vector index: prepare(model, dimension) first");
    const dimension = this.state()!.dimension;
    const alive = this.db.prepare("SELECT 1 FROM knowledge_posts WHERE pk = ?");
    let written = 0;
    this.db.transaction(() => {
      // Stale index rows first: a pk reused by a new post must not keep the old post's bits. An edit cleared here
      // (it arrived while the batch was with the model) still has to be embedded again.
      this.reembedFrom = Math.max(this.reembedFrom, this.drainTombstonesInTransaction());
      for (const it of items) {
        if (it.vector.length !== dimension) throw new Error(`vector index: expected ${dimension} dimensions, got ${it.vector.length}`);
        if (this.hasVector.get(it.pk) || !alive.get(it.pk)) continue;
        this.insertVector.run(it.pk, encodeInt8(it.vector));
        this.deleteBits!.run(BigInt(it.pk));
        this.insertBits!.run(BigInt(it.pk), signBits(it.vector), BigInt(Math.trunc(it.createdMs)));
        written++;
      }
    })();
    this.vectorCount += written;
    return written;
  }

  /**
   * Removes index rows of posts deleted or edited since the last call (queued by the triggers). Returns the highest
   * such pk whose post still exists (an edit, or a reused pk), so the embedder can embed it again; 0 when none.
   */
  drainTombstones(): number {
    let highest = this.reembedFrom;
    this.reembedFrom = 0;
    // A retention pass can queue hundreds of thousands; 5,000 per transaction keeps the write lock short.
    for (let more = true; more; ) {
      this.db.transaction(() => {
        const before = this.tombstoneCount();
        highest = Math.max(highest, this.drainTombstonesInTransaction());
        more = before > 5000;
      })();
    }
    return highest;
  }

  private tombstoneCount(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM knowledge_vector_tombstones").get() as { n: number }).n;
  }

  private drainTombstonesInTransaction(): number {
    const rows = this.db.prepare("SELECT t.pk AS pk, p.pk IS NOT NULL AS alive FROM knowledge_vector_tombstones t LEFT JOIN knowledge_posts p ON p.pk = t.pk LIMIT 5000").all() as {
      pk: number;
      alive: number;
    }[];
    if (rows.length === 0) return 0;
    const del = this.db.prepare("DELETE FROM knowledge_vector_tombstones WHERE pk = ?");
    let highest = 0;
    for (const r of rows) {
      if (this.deleteBits) this.deleteBits.run(BigInt(r.pk));
      del.run(r.pk);
      if (r.alive && r.pk > highest) highest = r.pk;
    }
    this.recount();
    return highest;
  }

  /** The oldest post that has a vector (0 when none): pruning removes from here. */
  lowestPk(): number {
    return (this.db.prepare("SELECT min(pk) AS pk FROM knowledge_post_vectors").get() as { pk: number | null }).pk ?? 0;
  }

  /** Keeps the newest `max` vectors (by pk, i.e. arrival order); returns how many went. */
  prune(max: number): number {
    const excess = this.vectorCount - max;
    if (excess <= 0) return 0;
    let removed = 0;
    this.db.transaction(() => {
      const pks = (this.db.prepare("SELECT pk FROM knowledge_post_vectors ORDER BY pk LIMIT ?").all(excess) as { pk: number }[]).map((r) => r.pk);
      const del = this.db.prepare("DELETE FROM knowledge_post_vectors WHERE pk = ?");
      for (const pk of pks) {
        removed += del.run(pk).changes;
        this.deleteBits?.run(BigInt(pk));
      }
    })();
    this.vectorCount -= removed;
    return removed;
  }

  /**
   * The posts nearest to `query` (unit length) that pass the filter: `k` by Hamming distance over the sign bits
   * (since/until applied inside the scan), re-scored by cosine from the stored vectors, best first. Other filters
   * (source, lang, author) are applied to the candidates, so a narrow filter leaves fewer of them.
   */
  nearest(query: Float32Array, filter: PostFilter, k: number): VectorCandidate[] {
    if (!this.vecReady || this.vectorCount === 0) return [];
    const dimension = this.state()!.dimension;
    if (query.length !== dimension) throw new Error(`vector index: the query has ${query.length} dimensions, the index ${dimension}`);
    const narrow = !!(filter.sources?.length || filter.langs?.length || filter.authors?.length || filter.excludedAuthors?.length);
    // Sign bits only approximate the angle, so the scan fetches more than k for the exact re-scoring to choose from
    // (more when filters applied afterwards will drop some). Not more than that: vec0 keeps its top k in a sorted
    // array merged per chunk, so its cost grows with k (k = 400 took ~4× k = 100 over 100,000 vectors).
    const kk = Math.min(4096, k * (narrow ? 4 : 2));
    const where = ["embedding MATCH vec_bit(?)", "k = ?"];
    const params: unknown[] = [signBits(query), kk];
    if (filter.sinceMs !== undefined) {
      where.push("created_ms >= ?");
      params.push(BigInt(Math.ceil(filter.sinceMs)));
    }
    if (filter.untilMs !== undefined) {
      where.push("created_ms <= ?");
      params.push(BigInt(Math.floor(filter.untilMs)));
    }
    const near = this.db.prepare(`SELECT rowid FROM ${VEC_TABLE} WHERE ${where.join(" AND ")}`).all(...params) as { rowid: number | bigint }[];
    if (near.length === 0) return [];
    const { where: fw, params: fp } = filterSql(filter, "p.");
    const rows = this.db
      .prepare(
        `SELECT v.pk AS pk, v.vector AS vector, p.id AS id, p.created_ms AS created_ms, p.duplicate_of AS duplicate_of
         FROM knowledge_post_vectors v JOIN knowledge_posts p ON p.pk = v.pk
         WHERE v.pk IN (SELECT value FROM json_each(@pks)) ${fw ? "AND " + fw : ""}`,
      )
      .all({ ...fp, pks: JSON.stringify(near.map((r) => Number(r.rowid))) }) as { pk: number; vector: Buffer; id: string; created_ms: number; duplicate_of: string | null }[];
    const out: VectorCandidate[] = rows.map((r) => ({
      pk: r.pk,
      id: r.id,
      createdMs: r.created_ms,
      duplicateOf: r.duplicate_of,
      similarity: cosineInt8(query, r.vector),
    }));
    out.sort((a, b) => b.similarity - a.similarity || b.pk - a.pk);
    return out.slice(0, k);
  }

  /** The stored vector of a post (dequantised), for tests and tools. */
  vectorOf(pk: number): Float32Array | undefined {
    const row = this.db.prepare("SELECT vector FROM knowledge_post_vectors WHERE pk = ?").get(pk) as { vector: Buffer } | undefined;
    return row ? decodeInt8(row.vector) : undefined;
  }

  /** Rows in the vec0 index (tests: deletes must remove them too). Scans the index. */
  indexRows(): number {
    if (!this.vecReady) return 0;
    return (this.db.prepare(`SELECT count(*) AS n FROM ${VEC_TABLE}`).get() as { n: number }).n;
  }

  private recount(): void {
    this.vectorCount = (this.db.prepare("SELECT count(*) AS n FROM knowledge_post_vectors").get() as { n: number }).n;
  }

  private tableExists(): boolean {
    return !!this.db.prepare("SELECT 1 FROM sqlite_master WHERE name = ?").get(VEC_TABLE);
  }

  private prepareVec(): void {
    this.insertBits = this.db.prepare(`INSERT INTO ${VEC_TABLE} (rowid, embedding, created_ms) VALUES (?, vec_bit(?), ?)`);
    this.deleteBits = this.db.prepare(`DELETE FROM ${VEC_TABLE} WHERE rowid = ?`);
    this.vecReady = true;
    // Vectors written by a connection without the index (none should) or left by a crash are counted from the truth.
    this.recount();
  }
}

let loadFailure: string | undefined;

/** Loads the sqlite-vec extension into `db`; false (with one log line per process) when it cannot. */
export function loadSqliteVec(db: SqliteDatabase, log: (line: string) => void = () => {}): boolean {
  try {
    // Required lazily so a platform without sqlite-vec's binary (or without the package) still starts.
    const sqliteVec = createRequire(import.meta.url)("sqlite-vec") as { load(db: unknown): void };
    sqliteVec.load(db);
    db.prepare("SELECT vec_version()").get();
    return true;
  } catch (err) {
    const message = (err as Error).message.split("\n")[0];
    if (loadFailure !== message) log(`knowledge: sqlite-vec could not be loaded (${message}); search stays BM25-only`);
    loadFailure = message;
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Vector encoding

/** Scales a vector to unit length in place (a zero vector stays zero); returns it. */
export function normaliseVector(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  if (s > 0) {
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < v.length; i++) v[i]! *= inv;
  }
  return v;
}

/** vec0 bit vectors must be a whole number of bytes. */
function bitWidth(dimension: number): number {
  return Math.ceil(dimension / 8) * 8;
}

/** One bit per dimension, set when the component is positive (padding bits stay 0 for every vector). */
export function signBits(v: Float32Array): Buffer {
  const out = Buffer.alloc(bitWidth(v.length) / 8);
  for (let i = 0; i < v.length; i++) if (v[i]! > 0) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

/** float32 scale, then one int8 per dimension: value ≈ scale × q. */
export function encodeInt8(v: Float32Array): Buffer {
  let max = 0;
  for (let i = 0; i < v.length; i++) max = Math.max(max, Math.abs(v[i]!));
  const scale = max > 0 ? max / 127 : 1;
  const out = Buffer.alloc(4 + v.length);
  out.writeFloatLE(scale, 0);
  for (let i = 0; i < v.length; i++) out.writeInt8(Math.max(-127, Math.min(127, Math.round(v[i]! / scale))), 4 + i);
  return out;
}

export function decodeInt8(b: Buffer): Float32Array {
  const scale = b.readFloatLE(0);
  const out = new Float32Array(b.length - 4);
  for (let i = 0; i < out.length; i++) out[i] = b.readInt8(4 + i) * scale;
  return out;
}

/** Cosine of a unit query and a stored vector (stored ones were unit length before quantising). */
export function cosineInt8(query: Float32Array, b: Buffer): number {
  // The scale cancels out: the dequantised vector is re-normalised, which also removes rounding's effect on its length.
  const q = new Int8Array(b.buffer, b.byteOffset + 4, b.length - 4);
  let dot = 0;
  let norm = 0;
  for (let i = 0; i < q.length; i++) {
    dot += query[i]! * q[i]!;
    norm += q[i]! * q[i]!;
  }
  return norm > 0 ? dot / Math.sqrt(norm) : 0;
}

