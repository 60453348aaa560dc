import type { Migration } from "../storage/database.js";

/**
 * The knowledge engine's tables. Posts live in `knowledge_posts`; the FTS5 index is an external-content
 * table over it kept in step by triggers, so text is stored once and an update or delete can never
 * leave the index pointing at stale text.
 */
export const knowledgeMigrations: Migration[] = [
  {
    area: "knowledge",
    id: 1,
    sql: `
      CREATE TABLE knowledge_posts (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        source_id TEXT NOT NULL,
        url TEXT NOT NULL,
        author_id TEXT NOT NULL,
        author_handle TEXT,
        text TEXT NOT NULL,
        lang TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        ingested_ms INTEGER NOT NULL,
        hashtags TEXT NOT NULL DEFAULT '',
        alt_text TEXT NOT NULL DEFAULT '',
        extra TEXT NOT NULL DEFAULT '{}',
        engagement INTEGER NOT NULL DEFAULT 0,
        sentiment REAL,
        story_id TEXT,
        duplicate_of TEXT,
        content_hash TEXT
      );
      CREATE INDEX knowledge_posts_created ON knowledge_posts (created_ms);
      CREATE INDEX knowledge_posts_story ON knowledge_posts (story_id) WHERE story_id IS NOT NULL;
      CREATE VIRTUAL TABLE knowledge_posts_fts USING fts5 (
        text, hashtags, alt_text,
        content = 'knowledge_posts', content_rowid = 'pk',
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER knowledge_posts_ai AFTER INSERT ON knowledge_posts BEGIN
        INSERT INTO knowledge_posts_fts (rowid, text, hashtags, alt_text) VALUES (new.pk, new.text, new.hashtags, new.alt_text);
      END;
      CREATE TRIGGER knowledge_posts_ad AFTER DELETE ON knowledge_posts BEGIN
        INSERT INTO knowledge_posts_fts (knowledge_posts_fts, rowid, text, hashtags, alt_text)
          VALUES ('delete', old.pk, old.text, old.hashtags, old.alt_text);
      END;
      CREATE TRIGGER knowledge_posts_au AFTER UPDATE OF text, hashtags, alt_text ON knowledge_posts BEGIN
        INSERT INTO knowledge_posts_fts (knowledge_posts_fts, rowid, text, hashtags, alt_text)
          VALUES ('delete', old.pk, old.text, old.hashtags, old.alt_text);
        INSERT INTO knowledge_posts_fts (rowid, text, hashtags, alt_text) VALUES (new.pk, new.text, new.hashtags, new.alt_text);
      END;

      CREATE TABLE knowledge_cursors (
        name TEXT PRIMARY KEY,
        cursor TEXT NOT NULL,
        updated_ms INTEGER NOT NULL
      );

      CREATE TABLE knowledge_alerts (
        id TEXT PRIMARY KEY,
        topic TEXT NOT NULL,
        match_kind TEXT NOT NULL,
        condition TEXT NOT NULL,
        threshold REAL NOT NULL,
        window_ms INTEGER NOT NULL,
        min_posts INTEGER NOT NULL,
        url TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        last_fired_ms INTEGER,
        fire_count INTEGER NOT NULL DEFAULT 0,
        last_delivery TEXT
      );
    `,
  },
  {
    area: "knowledge",
    id: 2,
    // Author filters (search's author=, the assistant's allowed handles) start from these instead of scanning matches.
    sql: `
      CREATE INDEX knowledge_posts_author_handle ON knowledge_posts (lower(author_handle));
      CREATE INDEX knowledge_posts_author_id ON knowledge_posts (author_id);
    `,
  },
  {
    area: "knowledge",
    id: 3,
    // The author indexes of migration 2 halved insert throughput (random B-tree inserts on every post); the author
    // becomes an FTS5 column instead, so author filters narrow through the index that search already reads.
    sql: `
      DROP INDEX IF EXISTS knowledge_posts_author_handle;
      DROP INDEX IF EXISTS knowledge_posts_author_id;
      ALTER TABLE knowledge_posts ADD COLUMN author TEXT GENERATED ALWAYS AS (coalesce(author_handle, '') || ' ' || author_id) VIRTUAL;
      DROP TRIGGER knowledge_posts_ai;
      DROP TRIGGER knowledge_posts_ad;
      DROP TRIGGER knowledge_posts_au;
      DROP TABLE knowledge_posts_fts;
      CREATE VIRTUAL TABLE knowledge_posts_fts USING fts5 (
        text, hashtags, alt_text, author,
        content = 'knowledge_posts', content_rowid = 'pk',
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER knowledge_posts_ai AFTER INSERT ON knowledge_posts BEGIN
        INSERT INTO knowledge_posts_fts (rowid, text, hashtags, alt_text, author)
          VALUES (new.pk, new.text, new.hashtags, new.alt_text, coalesce(new.author_handle, '') || ' ' || new.author_id);
      END;
      CREATE TRIGGER knowledge_posts_ad AFTER DELETE ON knowledge_posts BEGIN
        INSERT INTO knowledge_posts_fts (knowledge_posts_fts, rowid, text, hashtags, alt_text, author)
          VALUES ('delete', old.pk, old.text, old.hashtags, old.alt_text, coalesce(old.author_handle, '') || ' ' || old.author_id);
      END;
      CREATE TRIGGER knowledge_posts_au AFTER UPDATE OF text, hashtags, alt_text, author_handle ON knowledge_posts BEGIN
        INSERT INTO knowledge_posts_fts (knowledge_posts_fts, rowid, text, hashtags, alt_text, author)
          VALUES ('delete', old.pk, old.text, old.hashtags, old.alt_text, coalesce(old.author_handle, '') || ' ' || old.author_id);
        INSERT INTO knowledge_posts_fts (rowid, text, hashtags, alt_text, author)
          VALUES (new.pk, new.text, new.hashtags, new.alt_text, coalesce(new.author_handle, '') || ' ' || new.author_id);
      END;
      INSERT INTO knowledge_posts_fts (knowledge_posts_fts) VALUES ('rebuild');
    `,
  },
  {
    area: "knowledge",
    id: 4,
    // Post embeddings (knowledge.embeddings). The sqlite-vec index itself (knowledge_post_vec, a vec0 table) is created
    // at run time, once the model's first vector gives its dimension, and only on connections that load sqlite-vec.
    // The writer thread's connection does not, so nothing it runs may touch vec0: its deletes and edits go through
    // these triggers, which only touch plain tables, and queue the index rows to remove as tombstones.
    sql: `
      CREATE TABLE knowledge_embedding_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        model TEXT NOT NULL,
        dimension INTEGER NOT NULL,
        created_ms INTEGER NOT NULL
      );
      CREATE TABLE knowledge_post_vectors (
        pk INTEGER PRIMARY KEY,
        vector BLOB NOT NULL
      );
      CREATE TABLE knowledge_vector_tombstones (pk INTEGER PRIMARY KEY);
      CREATE TRIGGER knowledge_posts_vec_ad AFTER DELETE ON knowledge_posts
        WHEN EXISTS (SELECT 1 FROM knowledge_post_vectors WHERE pk = old.pk) BEGIN
        INSERT OR IGNORE INTO knowledge_vector_tombstones (pk) VALUES (old.pk);
        DELETE FROM knowledge_post_vectors WHERE pk = old.pk;
      END;
      CREATE TRIGGER knowledge_posts_vec_au AFTER UPDATE OF text, alt_text ON knowledge_posts
        WHEN (old.text IS NOT new.text OR old.alt_text IS NOT new.alt_text)
          AND EXISTS (SELECT 1 FROM knowledge_post_vectors WHERE pk = old.pk) BEGIN
        INSERT OR IGNORE INTO knowledge_vector_tombstones (pk) VALUES (old.pk);
        DELETE FROM knowledge_post_vectors WHERE pk = old.pk;
      END;
    `,
  },
];
