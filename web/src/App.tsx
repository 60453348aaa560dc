import { useEffect, useState } from "react";
import { linkHandler, usePath } from "./router.js";
import { MoonIcon, SunIcon } from "./components/Icons.js";
import { ChatPage } from "./pages/ChatPage.js";
import { PulsePage } from "./pages/PulsePage.js";
import { ArenaPage } from "./pages/ArenaPage.js";
import { LeaderboardPage } from "./pages/LeaderboardPage.js";
import { SettingsPage } from "./pages/SettingsPage.js";

const NAV = [
  { path: "/", label: "Chat", match: (p: string) => p === "/" || p.startsWith("/chat") },
  { path: "/pulse", label: "Pulse", match: (p: string) => p.startsWith("/pulse") },
  { path: "/arena", label: "Arena", match: (p: string) => p.startsWith("/arena") },
  { path: "/leaderboard", label: "Leaderboard", match: (p: string) => p.startsWith("/leaderboard") },
  { path: "/settings", label: "Settings", match: (p: string) => p.startsWith("/settings") },
];

type Theme = "light" | "dark";

function initialTheme(): Theme {
  const saved = localStorage.getItem("candor.theme");
  if (saved === "light" || saved === "dark") return saved;
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function Page({ path }: { path: string }) {
  let m: RegExpMatchArray | null;
  if ((m = path.match(/^\/chat\/([^/]+)/))) return <ChatPage conversationId={decodeURIComponent(m[1]!)} />;
  if ((m = path.match(/^\/pulse\/story\/([^/]+)/))) return <PulsePage storyId={decodeURIComponent(m[1]!)} />;
  if (path.startsWith("/pulse")) return <PulsePage />;
  if (path.startsWith("/arena")) return <ArenaPage />;
  if (path.startsWith("/leaderboard")) return <LeaderboardPage />;
  if (path.startsWith("/settings")) return <SettingsPage />;
  if (path === "/" || path === "/chat") return <ChatPage />;
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        There is nothing at <code>{path}</code>. <a href="/" onClick={linkHandler("/")}>Go to Chat</a>.
      </p>
    </div>
  );
}

export function App() {
  const path = usePath();
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    const label = NAV.find((n) => n.match(path))?.label;
    document.title = label ? `${label} · Candor` : "Candor";
  }, [path]);
  const toggle = () => {
    const next = theme === "dark" ? "light" : "dark";
    localStorage.setItem("candor.theme", next);
    setTheme(next);
  };
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <a className="brand" href="/" onClick={linkHandler("/")}>
          <span className="logo" aria-hidden="true">C</span> Candor
        </a>
        <nav aria-label="Main">
          {NAV.map((n) => (
            <a key={n.path} href={n.path} onClick={linkHandler(n.path)} aria-current={n.match(path) ? "page" : undefined}>
              {n.label}
            </a>
          ))}
        </nav>
        <button className="btn theme-toggle" onClick={toggle} aria-label={`Switch to ${theme === "dark" ? "light" : "dark"} theme`}>
          {theme === "dark" ? <SunIcon /> : <MoonIcon />}
        </button>
      </header>
      <main id="main">
        <Page path={path} />
      </main>
    </>
  );
}
