/**
 * The web app in a real browser against real Candor servers (scripted models, temp data dirs, 127.0.0.1:0):
 * serving (SPA fallback, caching, pre-compression), a streamed chat with thinking and citations, server-side
 * conversations, images and maths, phone width and accessibility, a Pulse story opened from a trend of a planted
 * event in the knowledge engine, an arena vote that moves the leaderboard, and keys created and revoked.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { gunzipSync, brotliDecompressSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { startTestServer, type TestServer } from "../fixtures/api-server.js";
import { WebScriptedModel, webScriptedRegistry } from "../fixtures/web-scripted-model.js";
import type { SearchHit } from "../../src/assistant/hooks.js";
import { buildWebApp, collectPageErrors, launchBrowser, newPage, screenshot } from "./helpers.js";
import { ScriptedPostSource, scriptedPosts } from "./scripted-posts.js";
import { arenaFlow, chatFlow, conversationsFlow, keysFlow, pulseFlow } from "./flows.js";

const hits: SearchHit[] = [
  { id: "demo:p1", url: "https://bsky.app/profile/rocketwatch.bsky.social/post/p1", author: "rocketwatch.bsky.social", text: "Liftoff! The heavy launcher just cleared the tower #launch", source: "demo", createdAt: new Date(Date.now() - 3_600_000).toISOString() },
  { id: "demo:p2", url: "https://bsky.app/profile/skeptic.bsky.social/post/p2", author: "skeptic.bsky.social", text: "Another launch, another delay announced for the next one.", source: "demo", createdAt: new Date(Date.now() - 1_800_000).toISOString() },
];

const alpha = new WebScriptedModel({ id: "alpha-test" });
const beta = new WebScriptedModel({ id: "beta-test", answer: () => "Beta's answer, with **bold** text and maths: $$E = mc^2$$" });
let server: TestServer;
let browser: Browser;

before(async () => {
  buildWebApp();
  server = await startTestServer({ models: webScriptedRegistry([alpha, beta]), areas: { knowledge: false, evaluation: true, access: true } });
  server.services.assistant.setSearchProvider({ search: async () => hits, wantsSearch: () => true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("input:not([type=hidden]), select, textarea, button")]
      .filter((el) => (el as HTMLElement).offsetParent !== null || el.closest("label"))
      .filter((el) => {
        const e = el as HTMLInputElement;
        if (e.getAttribute("aria-label") || e.getAttribute("aria-labelledby") || e.title) return false;
        if (e.labels && e.labels.length > 0) return false;
        if (el.tagName === "BUTTON" && el.textContent?.trim()) return false;
        return true;
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}

test("the server serves the app: SPA fallback, cache headers, pre-compressed assets, JSON 404s for the API", async () => {
  const index = await fetch(`${server.url}/`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get("content-type") ?? "", /text\/html/);
  assert.equal(index.headers.get("cache-control"), "no-cache");
  const html = await index.text();
  assert.match(html, /<div id="root">/);
  const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)![1]!;

  const deep = await fetch(`${server.url}/pulse/story/some.story-id?x=1`);
  assert.equal(deep.status, 200);
  assert.equal(await deep.text(), html, "client-side routes get index.html");

  const raw = await fetch(`${server.url}${asset}`, { headers: { "accept-encoding": "identity" } });
  assert.equal(raw.status, 200);
  assert.match(raw.headers.get("cache-control") ?? "", /max-age=31536000.*immutable|immutable.*max-age=31536000/);
  assert.match(raw.headers.get("content-type") ?? "", /javascript/);
  const body = Buffer.from(await raw.arrayBuffer());

  // fetch() would decode transparently; ask node:http-level bytes via the raw Accept-Encoding and decode ourselves.
  const { request } = await import("node:http");
  const get = (enc: string) =>
    new Promise<{ enc?: string; bytes: Buffer }>((resolve, reject) => {
      request(`${server.url}${asset}`, { headers: { "accept-encoding": enc } }, (res) => {
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => parts.push(c));
        res.on("end", () => resolve({ enc: res.headers["content-encoding"], bytes: Buffer.concat(parts) }));
      })
        .on("error", reject)
        .end();
    });
  const br = await get("br");
  assert.equal(br.enc, "br");
  assert.ok(brotliDecompressSync(br.bytes).equals(body));
  const gz = await get("gzip");
  assert.equal(gz.enc, "gzip");
  assert.ok(gunzipSync(gz.bytes).equals(body));

  const api404 = await fetch(`${server.url}/v1/no-such-thing`);
  assert.equal(api404.status, 404);
  const err = (await api404.json()) as { error: { message: string; type: string } };
  assert.equal(err.error.type, "not_found_error");
  const missingAsset = await fetch(`${server.url}/assets/gone-1234.js`);
  assert.equal(missingAsset.status, 404);
  const traversal = await fetch(`${server.url}/..%2f..%2fpackage.json`);
  assert.notEqual(await traversal.text(), "", "answered");
  assert.ok(!(await (await fetch(`${server.url}/..%2f..%2fpackage.json`)).text()).includes('"name": "candor"'), "no file outside web/dist is served");
});

test("chat: a streamed answer with live thinking, citation chips and post cards; stop, edit-and-resend, regenerate", async () => {
  const page = await newPage(browser);
  const errors = collectPageErrors(page);
  await chatFlow(page, server.url, { authors: ["rocketwatch.bsky.social", "skeptic.bsky.social"], shot: "chat" });
  const sent = alpha.calls.at(-1)!;
  assert.equal(sent.options.thinking?.enabled, true, "the Thinking mode reached the model");
  assert.ok(alpha.aborted >= 1, "Esc cancelled the generation on the server");
  // The server holds the conversation as it reads now: the stopped answer and the edited question replaced.
  const store = server.services.conversations;
  let messages: { role: string; content: string }[] = [];
  for (let i = 0; i < 50 && messages.length !== 4; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const [c] = store.list();
    messages = c ? store.messages(c.id) : [];
  }
  assert.deepEqual(messages.map((m) => m.role), ["user", "assistant", "user", "assistant"]);
  assert.equal(messages[2]!.content, "What about the booster?");
  assert.match(messages[3]!.content, /launch went ahead/);
  assert.deepEqual(await unlabelledControls(page), []);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("conversations are kept on the server: reload, rename, search, export, delete", async () => {
  const page = await newPage(browser);
  const errors = collectPageErrors(page);
  await conversationsFlow(page, server.url);
  assert.equal(server.services.conversations.list().length, 0);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("model picker, Fast mode, persona and an image attached by drop reach the model", async () => {
  const page = await newPage(browser);
  const errors = collectPageErrors(page);
  await page.goto(`${server.url}/`);
  await page.locator("#model-picker option[value='beta-test']").waitFor({ state: "attached" });
  await page.selectOption("#model-picker", "beta-test");
  await page.getByRole("radio", { name: "Fast" }).click();
  await page.getByRole("button", { name: "Persona" }).click();
  await page.getByLabel("Persona (system prompt for this conversation)").fill("You are a terse pirate.");
  // A 1×1 PNG dropped on the chat, as a user would drag a file from their desktop.
  await page.evaluate(async () => {
    const b64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], "dot.png", { type: "image/png" }));
    const target = document.querySelector(".chat-main")!;
    for (const type of ["dragover", "drop"]) target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.locator(".attachment img").waitFor();
  await page.getByLabel("Message", { exact: true }).fill("What is in this picture?");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await page.getByText("Beta's answer").waitFor();
  const call = beta.calls.at(-1)!;
  assert.equal(call.options.thinking?.enabled, false, "Fast mode switches thinking off");
  assert.equal(call.messages[0]!.role, "system");
  assert.match(call.messages[0]!.content, /terse pirate/);
  const user = call.messages.at(-1)!;
  assert.equal(user.images?.length, 1);
  assert.match(user.images![0]!.url, /^data:image\/png;base64,/);
  assert.equal(await page.locator(".turn.user img.thumb").count(), 1);
  // Maths renders with KaTeX, loaded only now that an answer contains some.
  await page.locator(".md .katex").first().waitFor();

  // A non-image is refused with the reason, and nothing is attached.
  await page.locator("input[type=file]").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hi") });
  await page.getByText("notes.txt is not an image").waitFor();
  assert.equal(await page.locator(".attachment").count(), 0);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("phone width and dark theme: no sideways scrolling, the conversation list opens from the toolbar", async () => {
  const page = await newPage(browser, { width: 390, height: 844, dark: true });
  const errors = collectPageErrors(page);
  await page.goto(`${server.url}/`);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
  await page.getByLabel("Message", { exact: true }).fill("What happened at the launch?");
  await page.keyboard.press("Enter");
  await page.getByTestId("assistant-turn").last().locator(".citations").waitFor({ timeout: 15_000 });
  await page.getByRole("button", { name: "Send", exact: true }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  await screenshot(page, "chat-phone-dark", "chat-phone-dark");
  await page.getByRole("button", { name: "Conversations" }).click();
  await page.locator(".chat-sidebar.open").waitFor();
  // The theme toggle switches and remembers.
  await page.getByRole("button", { name: "Switch to light theme" }).click();
  await page.reload();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "light");
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("Pulse: a story opened from a trend, from a planted event in the real knowledge engine", async () => {
  // Its own server: the knowledge engine fed by a scripted source, no demo stream, nothing off loopback.
  const k = await startTestServer({
    models: webScriptedRegistry([alpha]),
    areas: { knowledge: true, evaluation: false, access: false },
    overrides: { knowledge: { demo: "off" } },
  });
  const page = await newPage(browser);
  const errors = collectPageErrors(page);
  try {
    await k.services.knowledge!.addSource(new ScriptedPostSource(scriptedPosts(Date.now())));
    const story = await waitForStory(k.url);
    await pulseFlow(page, k.url, { storyTitle: story.title, trend: "#launch", search: { q: "delay", author: "critic2.bsky.social", count: 3, text: /delay/i }, docs: true });
    assert.deepEqual(errors, []);
  } finally {
    await page.context().close();
    await k.close();
  }
});

test("Pulse shows 'not available' when the knowledge engine is switched off", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/pulse`);
  await page.getByTestId("not-available").waitFor();
  assert.match(await page.getByTestId("not-available").innerText(), /not available on this server yet/);
  await page.context().close();
});

/** Waits until the planted event is both a trend and a story (analysis runs as the posts are ingested). */
async function waitForStory(url: string): Promise<{ id: string; title: string }> {
  for (let i = 0; i < 100; i++) {
    const trends = (await (await fetch(`${url}/v1/knowledge/trends`)).json()) as { data: { label: string }[] };
    const stories = (await (await fetch(`${url}/v1/knowledge/stories`)).json()) as { data: { id: string; title: string; hashtags: string[] }[] };
    const story = stories.data.find((s) => s.hashtags.some((h) => h.replace(/^#/, "") === "launch"));
    if (story && trends.data.some((x) => x.label === "#launch")) return story;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the planted #launch event never became a trend and a story");
}

test("Arena: blind answers, a vote reveals the names and moves the leaderboard", async () => {
  const page = await newPage(browser);
  const errors = collectPageErrors(page);
  // Earlier battles (LMArena's dump format), so the board has intervals to draw before this vote moves it.
  const lines = Array.from({ length: 90 }, (_, i) => {
    const pairs = [["alpha-test", "beta-test"], ["beta-test", "gamma-test"], ["alpha-test", "gamma-test"]] as const;
    const [a, b] = pairs[i % 3]!;
    const winner = i % 7 === 0 ? "tie" : i % 5 === 0 ? "model_b" : "model_a";
    return JSON.stringify({ model_a: a, model_b: b, winner, conversation_a: [{ role: "user", content: `q${i}` }, { role: "assistant", content: "a" }], conversation_b: [{ role: "user", content: `q${i}` }, { role: "assistant", content: "b" }] });
  });
  const imported = await fetch(`${server.url}/v1/arena/import`, { method: "POST", headers: { "content-type": "application/x-ndjson" }, body: lines.join("\n") });
  assert.equal(imported.status, 200, await imported.clone().text());
  await arenaFlow(page, server.url, { models: ["alpha-test", "beta-test"], docs: true });
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("Settings: a key created (shown once, used by this browser) and another revoked; models listed", async () => {
  const page = await newPage(browser);
  const errors = collectPageErrors(page);
  // Runs last: from the first key on, the server asks every client for a key (the browser keeps its own).
  await keysFlow(page, server.url, false);
  const keys = server.services.access!.keys.list();
  assert.deepEqual(keys.filter((k) => !k.revokedAt).map((k) => k.name), ["admin-browser"]);
  assert.ok(keys.find((k) => k.name === "ci-laptop")?.revokedAt, "ci-laptop is revoked on the server");
  // The browser's own key keeps the rest of Settings working.
  await page.locator(".model-list code", { hasText: "alpha-test" }).waitFor();
  assert.deepEqual(await unlabelledControls(page), []);
  await screenshot(page, "settings-real");
  assert.deepEqual(errors, []);
  await page.context().close();
});
