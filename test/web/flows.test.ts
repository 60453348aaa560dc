/**
 * Browser tests of the Pulse, Arena and Settings journeys against a local server that speaks the knowledge,
 * arena and keys APIs as issues 3–5 specify (test/web/fake-areas.ts), with the real web routes serving the app.
 * app.test.ts runs the same journeys against the real Candor server.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import Fastify, { type FastifyInstance } from "fastify";
import type { Browser } from "playwright-core";
import { registerWebRoutes } from "../../src/server/routes/web.js";
import { ApiError } from "../../src/server/errors.js";
import { registerFakeAreas, STORY_TITLE, type FakeAreas } from "./fake-areas.js";
import { buildWebApp, collectPageErrors, launchBrowser, newPage, setScreenshotPrefix } from "./helpers.js";
import { arenaFlow, keysFlow, pulseFlow } from "./flows.js";

let app: FastifyInstance;
let base: string;
let fake: FakeAreas;
let browser: Browser;

before(async () => {
  setScreenshotPrefix("fake-api-");
  buildWebApp();
  app = Fastify();
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof ApiError) return reply.status(err.status).send(err.toBody());
    return reply.status(500).send({ error: { message: String(err), type: "server_error", param: null, code: null } });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send(new ApiError(404, `no route for ${req.method} ${req.url}`, null, "unknown_route").toBody()));
  fake = await registerFakeAreas(app);
  app.get("/v1/models", async () => ({
    object: "list",
    data: [
      { id: "candor", object: "model", owned_by: "candor" },
      { id: "qwen3-1.7b", object: "model", owned_by: "local", candor: { provider: "local", capabilities: { thinking: true } } },
      { id: "fleet/qwen3-32b", object: "model", owned_by: "fleet", candor: { provider: "fleet", capabilities: { thinking: true, vision: true } } },
    ],
  }));
  await registerWebRoutes(app, undefined as never);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.close();
});

test("Pulse: trends with sparklines update live; a story opens from a trend; Ask about this grounds a chat; post search filters", async () => {
  const page = await newPage(browser);
  const errors = collectPageErrors(page);
  await pulseFlow(page, base, {
    storyTitle: STORY_TITLE,
    trend: "#launch",
    search: { q: "launch", author: "skeptic", count: 1, text: /delay/ },
    pushTrend: (t) => fake.pushTrend(t),
  });
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("Arena: blind answers, a vote reveals the names and moves the leaderboard", async () => {
  const page = await newPage(browser);
  const errors = collectPageErrors(page);
  await arenaFlow(page, base, { models: ["alpha-7b", "beta-8b"] });
  assert.deepEqual(fake.votes.map((v) => v.winner), ["A"]);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("Settings: a key is created, shown once, listed and revoked; sources show state, lag and posts/s", async () => {
  const page = await newPage(browser);
  const errors = collectPageErrors(page);
  await page.goto(`${base}/settings`);
  const bluesky = page.locator("tr", { hasText: "bluesky" });
  await bluesky.waitFor({ timeout: 15_000 });
  assert.match(await bluesky.innerText(), /connected\s+0\.8 s\s+41\.5/);
  await keysFlow(page, base);
  assert.deepEqual([...fake.keys.values()].map((k) => k.name), ["admin-browser"]);
  // A bad limit is refused in the form, with the reason, before anything is sent.
  await page.getByLabel("Name", { exact: true }).fill("x");
  await page.getByLabel("Requests/min").fill("-3");
  await page.getByRole("button", { name: "Create key" }).click();
  await page.getByText("Requests per minute must be a positive whole number").waitFor();
  assert.equal(fake.keys.size, 1);
  assert.deepEqual(errors, []);
  await page.context().close();
});
