/**
 * The user journeys the browser tests walk, shared by the run against a fake of the pending APIs
 * (flows.test.ts) and the run against the real server (app.test.ts).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { screenshot } from "./helpers.js";

const T = { timeout: 15_000 };

/** Records in the page whether the thinking block was ever open and live, and when the answer began. */
async function watchThinking(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __sawLiveThinking: boolean; __thinkingLiveWithAnswer: boolean };
    w.__sawLiveThinking = false;
    w.__thinkingLiveWithAnswer = false;
    new MutationObserver(() => {
      const turn = [...document.querySelectorAll('[data-testid="assistant-turn"]')].at(-1);
      const live = turn?.querySelector("details.thinking.live[open]");
      if (live && live.textContent && live.textContent.length > 20) w.__sawLiveThinking = true;
      if (live && turn?.querySelector(".md")) w.__thinkingLiveWithAnswer = true;
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

export async function chatFlow(page: Page, base: string, expect: { authors: string[]; shot?: string }): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByRole("radio", { name: "Thinking" }).click();
  assert.equal(await page.getByRole("radio", { name: "Thinking" }).getAttribute("aria-checked"), "true");
  await watchThinking(page);
  const prompt = page.getByLabel("Message", { exact: true });
  await prompt.fill("What happened at the launch today?");
  await prompt.press("Shift+Enter");
  await prompt.pressSequentially("Keep it short.");
  assert.equal(await prompt.inputValue(), "What happened at the launch today?\nKeep it short.", "Shift+Enter inserts a newline");
  await prompt.press("Enter");

  const turn = page.getByTestId("assistant-turn").last();
  await turn.locator(".citations .post-card").first().waitFor(T);
  await page.getByRole("button", { name: "Send", exact: true }).waitFor(T);
  const seen = await page.evaluate(() => {
    const w = window as unknown as { __sawLiveThinking: boolean; __thinkingLiveWithAnswer: boolean };
    return { live: w.__sawLiveThinking, liveWithAnswer: w.__thinkingLiveWithAnswer };
  });
  assert.equal(seen.live, true, "the thinking streamed live in an open block");
  assert.equal(seen.liveWithAnswer, false, "the block stops being live once the answer starts");
  assert.equal(await turn.locator("details.thinking").getAttribute("open"), null, "thinking collapses once the answer starts");
  const summary = await turn.locator("details.thinking summary").innerText();
  assert.match(summary, /Thought for \d+\.\ds · \d+ tokens/);

  assert.equal(await turn.locator(".md .cite-chip").count(), 2, "[1] and [2] become chips");
  assert.equal(await turn.locator(".md .cite-chip").first().getAttribute("href"), `#${await turn.locator(".post-card").first().getAttribute("id")}`);
  const cards = await turn.locator(".citations .post-card").allInnerTexts();
  assert.equal(cards.length, expect.authors.length);
  expect.authors.forEach((a, i) => assert.ok(cards[i]!.includes(a), `card ${i + 1} names ${a}: ${cards[i]}`));
  assert.equal(await turn.locator(".md table td").first().innerText(), "on time", "GFM tables render");
  await turn.locator(".md pre code.hljs, .md pre code[class*=language-]").first().waitFor(T);
  assert.ok((await turn.locator(".md pre .hljs-keyword, .md pre [class^=hljs-]").count()) > 0, "code is highlighted");
  // Show the thinking again for the screenshot: it can be reopened.
  await turn.locator("details.thinking summary").click();
  assert.equal(await turn.locator("details.thinking").getAttribute("open"), "");
  if (expect.shot) await screenshot(page, "chat-answer", expect.shot);
  await turn.locator("details.thinking summary").click();

  // Stop: Esc aborts a stream in flight.
  await prompt.fill("keep going forever");
  await prompt.press("Enter");
  await page.getByTestId("assistant-turn").last().locator(".md").waitFor(T);
  await page.getByRole("button", { name: "Stop" }).waitFor(T);
  await page.keyboard.press("Escape");
  await page.getByText("Stopped.").waitFor(T);
  await page.getByRole("button", { name: "Send", exact: true }).waitFor(T);

  // Edit-and-resend the stopped question: the answer is replaced.
  await page.getByRole("button", { name: "Edit", exact: true }).last().click();
  const edit = page.locator(".edit-box textarea");
  await edit.fill("What about the booster?");
  await page.getByRole("button", { name: "Save & send" }).click();
  await page.getByTestId("assistant-turn").last().locator(".citations").waitFor(T);
  assert.equal(await page.getByText("Stopped.").count(), 0, "the stopped answer was replaced");
  assert.equal(await page.locator(".turn.user").count(), 2);

  // Regenerate the last answer.
  await page.getByRole("button", { name: "Regenerate" }).click();
  await page.getByRole("button", { name: "Send", exact: true }).waitFor(T);
  await page.getByTestId("assistant-turn").last().locator(".citations").waitFor(T);
  assert.equal(await page.getByTestId("assistant-turn").count(), 2);
}

export async function conversationsFlow(page: Page, base: string): Promise<void> {
  // After a reload the conversation comes back from storage, with its turns.
  await page.goto(`${base}/`);
  const item = page.locator(".conv-list li a").first();
  await item.waitFor(T);
  assert.match(await item.innerText(), /What happened at the launch/);
  await item.click();
  await page.getByTestId("assistant-turn").first().waitFor(T);
  assert.equal(await page.locator(".turn.user").count(), 2);
  assert.ok((await page.getByTestId("assistant-turn").first().locator(".post-card").count()) > 0, "citations were stored");

  // Rename, search, export, delete.
  await page.locator(".conv-list li").first().getByRole("button", { name: /^Rename/ }).click();
  const input = page.getByLabel("New title");
  await input.fill("Launch notes");
  await input.press("Enter");
  await page.locator(".conv-list li a", { hasText: "Launch notes" }).waitFor(T);
  await page.getByLabel("Search conversations").fill("booster");
  await page.locator(".conv-list li a", { hasText: "Launch notes" }).waitFor(T);
  await page.getByLabel("Search conversations").fill("zebra crossing");
  await page.getByText("No conversation matches.").waitFor(T);
  await page.getByLabel("Search conversations").fill("");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export MD" }).click()]);
  assert.match(download.suggestedFilename(), /Launch notes\.md$/);
  await page.locator(".conv-list li").first().getByRole("button", { name: /^Delete/ }).click();
  await page.getByText("No conversations yet.").waitFor(T);
}

export interface PulseExpectations {
  storyTitle: string;
  /** The trend whose story the test opens */
  trend: string;
  search: { q: string; author: string; count: number; text: RegExp };
  pushTrend?: (topic: string) => void;
  /** Save the screenshots for the README too */
  docs?: boolean;
}

export async function pulseFlow(page: Page, base: string, expect: PulseExpectations): Promise<void> {
  await page.goto(`${base}/pulse`);
  const first = page.getByTestId("trend").first();
  await first.waitFor(T);
  assert.ok((await first.locator("svg.sparkline polyline").count()) === 1, "volume sparkline");
  assert.match(await first.locator(".sentiment").innerText(), /positive|negative|neutral|unscored/);
  await page.locator(".live-dot.on").waitFor(T);
  await screenshot(page, "pulse-trends", expect.docs ? "pulse" : undefined);

  if (expect.pushTrend) {
    expect.pushTrend("#breaking");
    await page.getByTestId("trend").filter({ hasText: "#breaking" }).waitFor(T);
  }

  await page.getByTestId("trend").filter({ hasText: expect.trend }).first().locator(".trend-main").click();
  await page.waitForURL(/\/pulse\/story\//, T);
  assert.equal(await page.getByTestId("story-title").innerText(), expect.storyTitle);
  const times = await page.locator(".timeline time").allInnerTexts();
  assert.ok(times.length >= 2, "key posts on the timeline");
  const persp = page.getByTestId("perspective");
  assert.ok((await persp.count()) >= 2, "at least two perspectives");
  const [a, b] = [await persp.nth(0).boundingBox(), await persp.nth(1).boundingBox()];
  assert.ok(a && b && Math.abs(a.y - b.y) < 2 && b.x > a.x, "perspectives side by side");
  await page.locator(".volume-chart polyline").waitFor(T);
  // The page scrolls inside the app shell, so a tall viewport shows the whole story, perspectives included.
  const vp = page.viewportSize()!;
  await page.setViewportSize({ width: vp.width, height: 1450 });
  await screenshot(page, "pulse-story", expect.docs ? "pulse-story" : undefined);
  await page.setViewportSize(vp);

  // Reload on a client-side route: the server falls back to the app.
  await page.reload();
  await page.getByTestId("story-title").waitFor(T);

  await page.getByRole("button", { name: "Ask about this" }).click();
  await page.waitForURL(/\/chat\//, T);
  await page.getByTestId("grounding").waitFor(T);
  assert.match(await page.getByLabel("Message", { exact: true }).inputValue(), new RegExp(expect.storyTitle));

  await page.goto(`${base}/pulse`);
  await page.getByRole("tab", { name: "Search posts" }).click();
  await page.getByLabel("Query").fill(expect.search.q);
  await page.getByLabel("Author").fill(expect.search.author);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByText(`${expect.search.count} post${expect.search.count === 1 ? "" : "s"}`, { exact: true }).waitFor(T);
  assert.match(await page.locator(".post-grid .post-card").first().innerText(), expect.search.text);
}

export async function arenaFlow(page: Page, base: string, expect: { models: string[]; docs?: boolean }): Promise<void> {
  await page.goto(`${base}/leaderboard`);
  await page.locator(".lb-table, .muted:has-text('No votes yet')").first().waitFor(T);
  const before = await votesByModel(page);

  await page.goto(`${base}/arena`);
  await page.getByLabel("Prompt").fill("Explain tides in one paragraph");
  await page.getByRole("button", { name: "Start battle" }).click();
  await page.getByTestId("answer-a").locator(".md").waitFor(T);
  await page.getByTestId("answer-b").locator(".md").waitFor(T);
  assert.equal(await page.locator(".reveal").count(), 0, "names are hidden before the vote");
  await page.getByRole("button", { name: "A is better" }).click();
  await page.getByTestId("reveal-a").waitFor(T);
  const revealed = [await page.getByTestId("reveal-a").innerText(), await page.getByTestId("reveal-b").innerText()].map((s) => s.replace(/^\s*—\s*/, ""));
  for (const r of revealed) assert.ok(expect.models.includes(r), `revealed name ${r} is a contestant`);
  await screenshot(page, "arena-voted", expect.docs ? "arena" : undefined);

  await page.getByRole("link", { name: "See the leaderboard" }).click();
  await page.getByTestId("lb-row").first().waitFor(T);
  const after = await votesByModel(page);
  assert.equal((after[revealed[0]!] ?? 0) - (before[revealed[0]!] ?? 0), 1, "the winner's vote count moved");
  assert.ok((await page.locator("svg.errorbar").count()) > 0, "intervals drawn as error bars");
  await screenshot(page, "leaderboard", expect.docs ? "leaderboard" : undefined);
  await page.getByLabel("Style control").check();
  await page.getByTestId("lb-row").first().waitFor(T);
}

async function votesByModel(page: Page): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const row of await page.getByTestId("lb-row").all()) out[(await row.locator(".model").innerText()).trim()] = Number(await row.getByTestId("lb-votes").innerText());
  return out;
}

export async function keysFlow(page: Page, base: string, shot = true): Promise<void> {
  await page.goto(`${base}/settings`);
  // The first key: every scope, and this browser keeps it — the server asks for keys from now on.
  await page.getByText("Once the first key exists").waitFor(T);
  assert.equal(await page.getByLabel("Use in this browser").isChecked(), true);
  assert.equal(await page.getByLabel("admin", { exact: true }).isChecked(), true);
  await page.getByLabel("Name", { exact: true }).fill("admin-browser");
  await page.getByRole("button", { name: "Create key" }).click();
  await page.getByTestId("created-key").filter({ hasText: "admin-browser" }).waitFor(T);
  await page.getByTestId("key-row").filter({ hasText: "admin-browser" }).waitFor(T);
  await page.getByRole("button", { name: "Done" }).click();

  await page.getByLabel("admin", { exact: true }).uncheck();
  await page.getByLabel("Name", { exact: true }).fill("ci-laptop");
  assert.equal(await page.getByLabel("Use in this browser").isChecked(), false);
  await page.getByRole("button", { name: "Create key" }).click();
  const created = page.getByTestId("created-key");
  await created.filter({ hasText: "ci-laptop" }).waitFor(T);
  const secret = (await created.locator("code").innerText()).trim();
  assert.ok(secret.length >= 16, `the key is shown once: ${secret}`);
  const row = page.getByTestId("key-row").filter({ hasText: "ci-laptop" });
  await row.waitFor(T);
  assert.ok(!(await page.locator("table").first().innerText()).includes(secret), "the list never shows the whole key");
  assert.ok((await page.getByLabel("API key for this browser").inputValue()).length > 0, "the browser's key is filled in");
  if (shot) {
    const vp = page.viewportSize()!;
    await page.setViewportSize({ width: vp.width, height: 1500 });
    await screenshot(page, "settings", "settings");
    await page.setViewportSize(vp);
  }
  await page.getByRole("button", { name: "Done" }).click();
  await row.getByRole("button", { name: "Revoke ci-laptop" }).click();
  await row.waitFor({ state: "detached", ...T });
  // The browser's own key still works: the list reloads without asking for a key.
  await page.reload();
  await page.getByTestId("key-row").filter({ hasText: "admin-browser" }).waitFor(T);
  assert.equal(await page.getByTestId("key-row").count(), 1);
}
