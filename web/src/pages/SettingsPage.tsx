import { useCallback, useEffect, useState } from "react";
import { createKey, listKeys, revokeKey, SCOPES, type ApiKeyView } from "../api/keys.js";
import { listModels, type ModelEntry } from "../api/chat.js";
import { getStats, type KnowledgeStats } from "../api/knowledge.js";
import { defaultPersona, setDefaultPersona } from "../api/conversations.js";
import { API_KEY_EVENT, setStoredApiKey, storedApiKey } from "../api/http.js";
import { ErrorState } from "../components/Status.js";

const BROWSER_KEY_ID = "candor.apiKeyId";

export function SettingsPage() {
  return (
    <div className="page settings">
      <header className="page-head">
        <h1>Settings</h1>
      </header>
      <BrowserKey />
      <KeysSection />
      <ModelsSection />
      <SourcesSection />
      <PersonaSection />
    </div>
  );
}

function BrowserKey() {
  const [key, setKey] = useState(storedApiKey());
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    // A key created below with "Use in this browser" shows up here at once.
    const on = () => setKey(storedApiKey());
    window.addEventListener(API_KEY_EVENT, on);
    return () => window.removeEventListener(API_KEY_EVENT, on);
  }, []);
  return (
    <section aria-labelledby="browser-key-h" className="card">
      <h2 id="browser-key-h">This browser's key</h2>
      <p className="muted">When the server requires API keys, the app sends this one. It stays in this browser only.</p>
      <form className="row" onSubmit={(e) => { e.preventDefault(); setStoredApiKey(key.trim()); setSaved(true); }}>
        <label className="sr-only" htmlFor="browser-key">API key for this browser</label>
        <input id="browser-key" type="password" autoComplete="off" value={key} onChange={(e) => { setKey(e.target.value); setSaved(false); }} placeholder="candor-…" />
        <button className="btn">Save</button>
        {saved && <span role="status" className="muted">Saved.</span>}
      </form>
    </section>
  );
}

function KeysSection() {
  const [keys, setKeys] = useState<ApiKeyView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>(["inference", "knowledge:read"]);
  const [rpm, setRpm] = useState("");
  const [tpm, setTpm] = useState("");
  const [created, setCreated] = useState<{ id: string; name: string; key: string; used?: boolean } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  // The first key switches the server to requiring keys on every API call, so this browser must hold one.
  const [useHere, setUseHere] = useState(() => !storedApiKey());

  const refresh = useCallback(() => {
    listKeys()
      .then((k) => {
        setKeys(k);
        setError(null);
        if (k.length === 0 && !storedApiKey()) setScopes([...SCOPES]);
      })
      .catch(setError);
  }, []);
  useEffect(refresh, [refresh]);

  const useKeyHere = (id: string, key: string) => {
    setStoredApiKey(key);
    localStorage.setItem(BROWSER_KEY_ID, id);
    setUseHere(false);
  };

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const limits: { rpm?: number; tpm?: number } = {};
    for (const [k, v] of [["rpm", rpm], ["tpm", tpm]] as const) {
      if (!v.trim()) continue;
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) return setFormError(`${k === "rpm" ? "Requests" : "Tokens"} per minute must be a positive whole number`);
      limits[k] = n;
    }
    try {
      const res = await createKey({ name: name.trim(), scopes, ...limits });
      if (useHere) useKeyHere(res.view.id, res.key);
      setCreated({ id: res.view.id, name: name.trim(), key: res.key, used: useHere });
      setName("");
      refresh();
    } catch (err) {
      setFormError((err as Error).message);
    }
  };

  const revoke = async (k: ApiKeyView) => {
    const mine = localStorage.getItem(BROWSER_KEY_ID) === k.id;
    if (!confirm(`Revoke the key "${k.name}"? Programs using it stop working at once.${mine ? " This browser uses it: you will need another key to keep using the app." : ""}`)) return;
    try {
      await revokeKey(k.id);
      if (mine) {
        setStoredApiKey("");
        localStorage.removeItem(BROWSER_KEY_ID);
      }
      refresh();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section aria-labelledby="keys-h" className="card">
      <h2 id="keys-h">API keys</h2>
      {created && (
            <div className="state ok created-key" role="status" data-testid="created-key">
              <strong>Key “{created.name}” created. Copy it now — it will not be shown again.</strong>
              <code>{created.key}</code>
              <div className="row">
                <button className="btn" onClick={() => void navigator.clipboard?.writeText(created.key)}>Copy</button>
                <button className="btn" onClick={() => { useKeyHere(created.id, created.key); setCreated({ ...created, used: true }); refresh(); }} disabled={created.used}>
                  {created.used ? "Used by this browser" : "Use in this browser"}
                </button>
                <button className="btn" onClick={() => setCreated(null)}>Done</button>
              </div>
            </div>
          )}
      {error ? (
        <ErrorState error={error} area="API key management" />
      ) : (
        <>
          {keys && keys.length === 0 && (
            <p className="state" role="note">
              Once the first key exists, the server asks for a key on every API call. Give it the <code>admin</code> scope and use it in this
              browser, or the app will be locked out until you enter a key above.
            </p>
          )}
          <form className="key-form" onSubmit={create}>
            <label>Name <input value={name} onChange={(e) => setName(e.target.value)} required placeholder="laptop" /></label>
            <fieldset>
              <legend>Scopes</legend>
              {SCOPES.map((s) => (
                <label key={s} className="check">
                  <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes((cur) => (e.target.checked ? [...cur, s] : cur.filter((x) => x !== s)))} /> {s}
                </label>
              ))}
            </fieldset>
            <label>Requests/min <input className="narrow" inputMode="numeric" value={rpm} onChange={(e) => setRpm(e.target.value)} placeholder="none" /></label>
            <label>Tokens/min <input className="narrow" inputMode="numeric" value={tpm} onChange={(e) => setTpm(e.target.value)} placeholder="none" /></label>
            <label className="check">
              <input type="checkbox" checked={useHere} onChange={(e) => setUseHere(e.target.checked)} /> Use in this browser
            </label>
            <button className="btn primary" disabled={!name.trim()}>Create key</button>
          </form>
          {formError && <p className="state error" role="alert">{formError}</p>}
          {keys && keys.length === 0 && <p className="muted">No keys yet.</p>}
          {keys && keys.length > 0 && (
            <div className="table-wrap">
              <table>
                <thead><tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Scopes</th><th scope="col">Limits</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
                <tbody>
                  {keys.map((k) => (
                    <tr key={k.id} data-testid="key-row">
                      <td>{k.name}</td>
                      <td><code>{k.prefix ? `${k.prefix}…` : k.id}</code></td>
                      <td>{k.scopes.join(", ")}</td>
                      <td className="small">{[k.rpm && `${k.rpm} rpm`, k.tpm && `${k.tpm} tpm`].filter(Boolean).join(", ") || "—"}</td>
                      <td className="small">{k.createdAt?.toLocaleString() ?? ""}</td>
                      <td className="small">{k.lastUsedAt?.toLocaleString() ?? "never"}</td>
                      <td><button className="btn danger" onClick={() => void revoke(k)} aria-label={`Revoke ${k.name}`}>Revoke</button></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function ModelsSection() {
  const [models, setModels] = useState<ModelEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => { listModels().then(setModels).catch(setError); }, []);
  const byProvider = new Map<string, ModelEntry[]>();
  for (const m of models ?? []) byProvider.set(m.ownedBy || "other", [...(byProvider.get(m.ownedBy || "other") ?? []), m]);
  return (
    <section aria-labelledby="models-h" className="card">
      <h2 id="models-h">Providers and models</h2>
      <p className="muted">Providers are declared in <code>candor.config.json</code> (see the README); this is what the server offers now.</p>
      {error ? <ErrorState error={error} area="The model list" /> : models === null ? <p className="muted">Loading…</p> : models.length === 0 ? <p className="muted">No models installed.</p> : (
        [...byProvider].map(([provider, ms]) => (
          <div key={provider}>
            <h3>{provider}</h3>
            <ul className="model-list">
              {ms.map((m) => (
                <li key={m.id}><code>{m.id}</code>{m.thinking && <span className="tag">thinking</span>}{m.vision && <span className="tag">vision</span>}</li>
              ))}
            </ul>
          </div>
        ))
      )}
    </section>
  );
}

function SourcesSection() {
  const [stats, setStats] = useState<KnowledgeStats | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const load = () => getStats().then((s) => { setStats(s); setError(null); }).catch(setError);
    void load();
    const t = window.setInterval(load, 5000);
    return () => clearInterval(t);
  }, []);
  return (
    <section aria-labelledby="sources-h" className="card">
      <h2 id="sources-h">Knowledge sources</h2>
      {error ? <ErrorState error={error} area="The knowledge engine" /> : !stats ? <p className="muted">Loading…</p> : (
        <>
          <p className="muted">{stats.posts.toLocaleString()} posts stored.</p>
          <div className="table-wrap">
            <table>
              <thead><tr><th scope="col">Source</th><th scope="col">State</th><th scope="col">Lag</th><th scope="col">Posts/s</th><th scope="col">Received</th></tr></thead>
              <tbody>
                {stats.sources.map((s) => (
                  <tr key={s.name}>
                    <td>{s.name}{s.kind && s.kind !== s.name ? <span className="muted small"> ({s.kind})</span> : null}</td>
                    <td><span className={`state-pill ${s.state}`}>{s.state}</span>{s.lastError && <span className="muted small" title={s.lastError}> ⚠</span>}</td>
                    <td className="num">{s.lagSeconds !== undefined ? `${s.lagSeconds.toFixed(1)} s` : "—"}</td>
                    <td className="num">{s.postsPerSecond !== undefined && Number.isFinite(s.postsPerSecond) ? s.postsPerSecond.toFixed(1) : "—"}</td>
                    <td className="num">{s.received?.toLocaleString() ?? "—"}</td>
                  </tr>
                ))}
                {stats.sources.length === 0 && <tr><td colSpan={5} className="muted">No sources configured.</td></tr>}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function PersonaSection() {
  const [persona, setPersona] = useState(defaultPersona());
  const [saved, setSaved] = useState(false);
  return (
    <section aria-labelledby="persona-h" className="card">
      <h2 id="persona-h">Default persona</h2>
      <form onSubmit={(e) => { e.preventDefault(); setDefaultPersona(persona); setSaved(true); }}>
        <label htmlFor="default-persona">System prompt for new conversations</label>
        <textarea id="default-persona" rows={3} value={persona} onChange={(e) => { setPersona(e.target.value); setSaved(false); }} placeholder="Leave empty for the server's persona" />
        <div className="row">
          <button className="btn">Save</button>
          {saved && <span role="status" className="muted">Saved — new conversations start with it.</span>}
        </div>
      </form>
    </section>
  );
}
