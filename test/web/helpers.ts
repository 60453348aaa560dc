import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const resultsDir = join(repoRoot, "test-results", "web");
export const docsShots = join(repoRoot, "docs", "screenshots");

export const CHROMIUM = process.env.CANDOR_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** Builds web/dist when its sources changed (a no-op otherwise), so the tests always drive the current app. */
export function buildWebApp(): void {
  execFileSync(process.execPath, [join(repoRoot, "scripts/build-web.mjs"), "--quiet"], { stdio: "inherit", cwd: repoRoot });
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`chromium not found at ${CHROMIUM}: install it with scripts/setup-system.sh (apt-get install chromium) or set CANDOR_CHROMIUM`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export async function newPage(browser: Browser, opts: { width?: number; height?: number; dark?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 860 },
    colorScheme: opts.dark ? "dark" : "light",
    // Anything that tries to leave loopback is a bug in the app or the test.
    serviceWorkers: "block",
  });
  await context.route(/^(?!https?:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]).*/, (route) => route.abort());
  const page = await context.newPage();
  page.on("dialog", (d) => void d.accept());
  return page;
}

let shotPrefix = "";
/** Keeps two test files' screenshots of the same journey apart in test-results/. */
export function setScreenshotPrefix(prefix: string): void {
  shotPrefix = prefix;
}

export async function screenshot(page: Page, name: string, docsName?: string, fullPage = false): Promise<void> {
  mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: join(resultsDir, `${shotPrefix}${name}.png`), fullPage });
  // README screenshots change only when asked for (CANDOR_DOCS_SCREENSHOTS=1), so a test run leaves the tree clean.
  if (docsName && process.env.CANDOR_DOCS_SCREENSHOTS === "1") {
    mkdirSync(docsShots, { recursive: true });
    await page.screenshot({ path: join(docsShots, `${docsName}.png`), fullPage });
  }
}

/** Errors the page logged: a test fails on any, so broken renders don't pass silently. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}
