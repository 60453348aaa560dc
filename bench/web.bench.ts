/**
 * First load of the web app on loopback, in Debian's chromium: time from navigation to the chat box being usable,
 * with a fresh browser cache each time (cold) and with a warm cache (reload), against the same page served
 * without compression as the baseline. Goal from issue 6: first load under 1 s; main bundle under 300 kB gzipped.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { loadConfig } from "../src/config.js";
import { createServices } from "../src/runtime/services.js";
import { buildServer } from "../src/server/app.js";
import { WebScriptedModel, webScriptedRegistry } from "../test/fixtures/web-scripted-model.js";
import { buildWebApp, launchBrowser, repoRoot } from "../test/web/helpers.js";

const RUNS = 15;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export default async function () {
  buildWebApp();
  const dataDir = mkdtempSync(join(tmpdir(), "candor-bench-web-"));
  const config = loadConfig({ env: {}, cwd: dataDir, overrides: { dataDir, server: { port: 0 } } });
  const services = await createServices(config, { log: () => {}, models: webScriptedRegistry([new WebScriptedModel({ id: "bench" })]), areas: { knowledge: false, evaluation: false, access: false } });
  const app = await buildServer(services);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  const browser = await launchBrowser();

  /** One navigation in a fresh context (cold cache), then `warm` reloads in the same context. */
  async function measure(opts: { identity: boolean }) {
    const cold: number[] = [];
    const warm: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const ctx = await browser.newContext({ extraHTTPHeaders: opts.identity ? { "accept-encoding": "identity" } : {} });
      const page = await ctx.newPage();
      let transferred = 0;
      page.on("response", (r) => void r.body().then((b) => (transferred += Number(r.headers()["content-length"] ?? b.length)), () => {}));
      const t0 = Date.now();
      await page.goto(`${base}/`);
      await page.locator("#prompt").waitFor();
      cold.push(Date.now() - t0);
      if (i === 0) {
        await page.waitForLoadState("networkidle");
        bytes = transferred;
      }
      const t1 = Date.now();
      await page.reload();
      await page.locator("#prompt").waitFor();
      warm.push(Date.now() - t1);
      await ctx.close();
    }
    return { cold, warm, bytes };
  }

  try {
    await measure({ identity: false }); // warm-up: JIT, disk cache of the files
    const plain = await measure({ identity: true });
    const br = await measure({ identity: false });
    const html = readFileSync(join(repoRoot, "web/dist/index.html"), "utf8");
    const mainFiles = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    const mainGzip = mainFiles.reduce((n, f) => n + gzipSync(readFileSync(join(repoRoot, "web/dist", f)), { level: 9 }).length, 0);
    const baseline = pct(plain.cold, 50);
    const row = (name: string, xs: number[], bytes: string) =>
      `| ${name} | ${pct(xs, 50)} | ${pct(xs, 90)} | ${bytes} | ${(baseline / pct(xs, 50)).toFixed(2)}× |`;
    const table = [
      "| first load to a usable chat box | p50 ms | p90 ms | bytes over the wire | speed vs baseline |",
      "| --- | ---: | ---: | ---: | ---: |",
      row("baseline: cold cache, uncompressed", plain.cold, `${(plain.bytes / 1024).toFixed(0)} kB`),
      row("cold cache, brotli (pre-compressed)", br.cold, `${(br.bytes / 1024).toFixed(0)} kB`),
      row("warm cache (reload, immutable assets)", br.warm, "index.html only"),
    ].join("\n");
    return {
      title: "Web app first load (chromium, loopback)",
      table,
      notes: [
        `${RUNS} navigations per row, each cold one in a fresh browser context; goal: under 1000 ms`,
        `main bundle (entry JS + CSS): ${(mainGzip / 1024).toFixed(1)} kB gzipped (budget 300 kB); the markdown renderer and KaTeX load lazily`,
      ],
    };
  } finally {
    await browser.close();
    await app.close();
    await services.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
