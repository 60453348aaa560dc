import { useCallback, useEffect, useRef, useState } from "react";
import {
  getStories,
  getStory,
  getTrends,
  searchPosts,
  storyDate,
  subscribeKnowledgeEvents,
  type SearchFilters,
  type Story,
  type Trend,
} from "../api/knowledge.js";
import { conversationStore, newConversation } from "../api/conversations.js";
import type { PostView } from "../api/posts.js";
import { PostCard } from "../components/PostCard.js";
import { Sparkline, VolumeChart } from "../components/Sparkline.js";
import { ErrorState, Sentiment } from "../components/Status.js";
import { linkHandler, navigate } from "../router.js";

const WINDOWS = ["15m", "1h", "6h", "24h"];
const SOURCES = ["", "bluesky", "mastodon", "x", "rss", "replay", "demo"];

function postsContext(posts: PostView[]): string {
  return posts
    .slice(0, 8)
    .map((p, i) => `[${i + 1}] ${p.author}${p.createdAt ? ` (${p.createdAt.toISOString()})` : ""}: ${p.text.replace(/\s+/g, " ").slice(0, 400)}${p.url ? ` <${p.url}>` : ""}`)
    .join("\n");
}

/** "Ask about this": a new conversation grounded in the topic or story, with a question ready to send. */
async function askAbout(kind: "topic" | "story", id: string, title: string, posts: PostView[], extra = ""): Promise<void> {
  const c = newConversation({
    title: `About: ${title}`,
    grounding: { kind, id, title, context: `${extra}${extra ? "\n\n" : ""}Posts:\n${postsContext(posts)}` },
  });
  const saved = await (await conversationStore()).save(c);
  sessionStorage.setItem(
    `candor.draft.${saved.id}`,
    kind === "story" ? `What is happening in "${title}", and what are the different perspectives on it?` : `Why is "${title}" trending right now?`,
  );
  navigate(`/chat/${saved.id}`);
}

function useLiveRefresh(refresh: () => void) {
  const [live, setLive] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => {
    // Events can arrive many times a second while the stream flows; refetch at most every 2 s.
    const unsubscribe = subscribeKnowledgeEvents(
      () => {
        if (timer.current === undefined) timer.current = window.setTimeout(() => { timer.current = undefined; refresh(); }, 2000);
      },
      setLive,
    );
    return () => {
      unsubscribe();
      if (timer.current !== undefined) clearTimeout(timer.current);
    };
  }, [refresh]);
  return live;
}

export function PulsePage({ storyId }: { storyId?: string }) {
  return storyId ? <StoryView id={storyId} /> : <PulseHome />;
}

function PulseHome() {
  const [tab, setTab] = useState<"trends" | "search">("trends");
  const [windowSel, setWindowSel] = useState("1h");
  const [lang, setLang] = useState("");
  const [trends, setTrends] = useState<Trend[] | null>(null);
  const [stories, setStories] = useState<Story[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [expanded, setExpanded] = useState<string | null>(null);

  const refresh = useCallback(() => {
    getTrends({ window: windowSel, lang })
      .then((t) => { setTrends(t); setError(null); })
      .catch(setError);
    getStories().then(setStories).catch(() => setStories([]));
  }, [windowSel, lang]);

  useEffect(refresh, [refresh]);
  const live = useLiveRefresh(refresh);

  const openTrend = (t: Trend) => {
    const story =
      (t.storyId && stories?.find((s) => s.id === t.storyId)) ||
      stories?.find((s) => s.topics.some((x) => x.toLowerCase().replace(/^#/, "") === t.topic.toLowerCase().replace(/^#/, "")));
    if (t.storyId) navigate(`/pulse/story/${encodeURIComponent(t.storyId)}`);
    else if (story) navigate(`/pulse/story/${encodeURIComponent(story.id)}`);
    else setExpanded((e) => (e === t.id ? null : t.id));
  };

  return (
    <div className="page pulse">
      <header className="page-head">
        <h1>Pulse</h1>
        <span className={`live-dot${live ? " on" : ""}`} role="status">{live ? "Live" : "Not live"}</span>
        <div className="tabs" role="tablist" aria-label="Pulse views">
          <button role="tab" aria-selected={tab === "trends"} className={tab === "trends" ? "seg active" : "seg"} onClick={() => setTab("trends")}>Trends &amp; stories</button>
          <button role="tab" aria-selected={tab === "search"} className={tab === "search" ? "seg active" : "seg"} onClick={() => setTab("search")}>Search posts</button>
        </div>
      </header>
      {tab === "search" ? (
        <PostSearch />
      ) : error ? (
        <ErrorState error={error} area="The knowledge engine (Pulse)" />
      ) : (
        <div className="pulse-grid">
          <section aria-labelledby="trends-h">
            <div className="section-head">
              <h2 id="trends-h">Trending</h2>
              <label>
                Window{" "}
                <select value={windowSel} onChange={(e) => setWindowSel(e.target.value)}>
                  {WINDOWS.map((w) => <option key={w}>{w}</option>)}
                </select>
              </label>
              <label>
                Language{" "}
                <input className="narrow" value={lang} placeholder="any" onChange={(e) => setLang(e.target.value.trim())} aria-label="Language code" />
              </label>
            </div>
            {trends === null ? <p className="muted">Loading trends…</p> : trends.length === 0 ? <p className="muted">No trends yet — they form as posts flow in.</p> : null}
            <ol className="trend-list">
              {trends?.map((t, i) => (
                <li key={t.id} className="trend" data-testid="trend">
                  <button className="trend-main" onClick={() => openTrend(t)} aria-expanded={expanded === t.id}>
                    <span className="rank">{i + 1}</span>
                    <span className="topic">{t.topic}</span>
                    <Sparkline values={t.volume} label={`volume of ${t.topic}`} />
                    <span className="score" title="trend score">{t.score.toFixed(1)}</span>
                  </button>
                  <div className="trend-meta">
                    <span className="muted small">{t.total} posts{t.kind ? ` · ${t.kind}` : ""}</span>
                    <Sentiment value={t.sentiment?.mean} />
                    <button className="link" onClick={() => void askAbout("topic", t.id, t.topic, t.samplePosts)}>Ask about this</button>
                  </div>
                  {expanded === t.id && (
                    <div className="post-grid">
                      {t.samplePosts.length ? t.samplePosts.map((p) => <PostCard key={p.id} post={p} />) : <p className="muted">No sample posts.</p>}
                    </div>
                  )}
                </li>
              ))}
            </ol>
          </section>
          <section aria-labelledby="stories-h">
            <h2 id="stories-h">Stories</h2>
            {stories === null ? <p className="muted">Loading stories…</p> : stories.length === 0 ? <p className="muted">No stories yet.</p> : null}
            <ul className="story-list">
              {stories?.map((s) => (
                <li key={s.id} className="story-item">
                  <a href={`/pulse/story/${encodeURIComponent(s.id)}`} onClick={linkHandler(`/pulse/story/${encodeURIComponent(s.id)}`)}>
                    {s.title}
                  </a>
                  <div className="story-meta">
                    {s.volume.length > 1 && <Sparkline values={s.volume} label={`volume of ${s.title}`} width={90} height={22} />}
                    <span className="muted small">{s.size} posts · first seen {storyDate(s.firstSeen)}</span>
                    <Sentiment value={s.sentiment?.mean} />
                  </div>
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </div>
  );
}

function StoryView({ id }: { id: string }) {
  const [story, setStory] = useState<Story | null>(null);
  const [error, setError] = useState<unknown>(null);
  const refresh = useCallback(() => {
    getStory(id).then((s) => { setStory(s); setError(null); }).catch(setError);
  }, [id]);
  useEffect(refresh, [refresh]);
  const live = useLiveRefresh(refresh);

  return (
    <div className="page story">
      <p>
        <a href="/pulse" onClick={linkHandler("/pulse")}>← Pulse</a>
      </p>
      {error ? (
        <ErrorState error={error} area="This story" />
      ) : !story ? (
        <p className="muted">Loading story…</p>
      ) : (
        <>
          <header className="page-head">
            <h1 data-testid="story-title">{story.title}</h1>
            <span className={`live-dot${live ? " on" : ""}`}>{live ? "Live" : "Not live"}</span>
            <button className="btn primary" onClick={() => void askAbout("story", story.id, story.title, [...story.keyPosts, ...story.perspectives.flatMap((p) => p.posts)], story.perspectives.map((p) => `Perspective "${p.label}"${p.share !== undefined ? ` (${Math.round(p.share * 100)}%)` : ""}`).join("\n"))}>
              Ask about this
            </button>
          </header>
          <p className="muted">
            First seen {storyDate(story.firstSeen)} · {story.size} posts {story.topics.length > 0 && <>· {story.topics.slice(0, 6).join(", ")}</>} · <Sentiment value={story.sentiment?.mean} />
          </p>
          <section aria-labelledby="timeline-h">
            <h2 id="timeline-h">Timeline</h2>
            <VolumeChart values={story.volume} start={story.firstSeen} end={story.lastSeen} />
            <ol className="timeline">
              {story.keyPosts.map((p) => (
                <li key={p.id}>
                  <time>{storyDate(p.createdAt)}</time>
                  <PostCard post={p} />
                </li>
              ))}
              {story.keyPosts.length === 0 && <li className="muted">No key posts yet.</li>}
            </ol>
          </section>
          <section aria-labelledby="persp-h">
            <h2 id="persp-h">Perspectives</h2>
            {story.perspectives.length === 0 ? (
              <p className="muted">Not enough posts to separate perspectives yet.</p>
            ) : (
              <div className="perspectives">
                {story.perspectives.map((p) => (
                  <div key={p.label} className="perspective" data-testid="perspective">
                    <h3>
                      {p.label} {p.share !== undefined && <span className="muted small">{Math.round(p.share * 100)}%</span>}
                    </h3>
                    <Sentiment value={p.sentiment?.mean} />
                    {p.terms.length > 0 && <p className="muted small">Words: {p.terms.slice(0, 8).join(", ")}</p>}
                    {p.posts.map((post) => <PostCard key={post.id} post={post} />)}
                  </div>
                ))}
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}

function PostSearch() {
  const [f, setF] = useState<SearchFilters>({ q: "" });
  const [results, setResults] = useState<PostView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof SearchFilters) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setF((cur) => ({ ...cur, [k]: e.target.value }));
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!f.q.trim()) return;
    setBusy(true);
    try {
      const toIso = (v?: string) => (v ? new Date(v).toISOString() : undefined);
      setResults(await searchPosts({ ...f, since: toIso(f.since), until: toIso(f.until), limit: 50 }));
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-label="Search posts">
      <form className="search-form" onSubmit={submit}>
        <label className="grow">Query <input type="search" value={f.q} onChange={set("q")} placeholder="words, #hashtags, phrases" required /></label>
        <label>Since <input type="datetime-local" value={f.since ?? ""} onChange={set("since")} /></label>
        <label>Until <input type="datetime-local" value={f.until ?? ""} onChange={set("until")} /></label>
        <label>
          Source{" "}
          <select value={f.source ?? ""} onChange={set("source")}>
            {SOURCES.map((s) => <option key={s} value={s}>{s || "any"}</option>)}
          </select>
        </label>
        <label>Language <input className="narrow" value={f.lang ?? ""} onChange={set("lang")} placeholder="en" /></label>
        <label>Author <input value={f.author ?? ""} onChange={set("author")} placeholder="handle" /></label>
        <button className="btn primary" disabled={busy}>{busy ? "Searching…" : "Search"}</button>
      </form>
      {error ? <ErrorState error={error} area="Post search" /> : null}
      {results && (
        <>
          <p className="muted">{results.length} post{results.length === 1 ? "" : "s"}</p>
          <div className="post-grid">{results.map((p) => <PostCard key={p.id} post={p} />)}</div>
        </>
      )}
    </section>
  );
}
