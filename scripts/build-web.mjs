#!/usr/bin/env node
/**
 * Builds the web app (web/ → web/dist) with Vite, pre-compresses it (.br, .gz) for @fastify/static,
 * prints the gzipped size of every JS/CSS asset and fails when the main bundle passes its budget.
 *
 * Runs from npm's `prepare`, so it must be quick when nothing changed: a fingerprint of the sources is
 * kept in web/dist/.build-stamp and the build is skipped when it matches. `--force` rebuilds anyway.
 * Without Vite installed (`npm install --omit=dev`) it keeps an existing build and never fails the install.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const web = join(repo, "web");
const dist = join(web, "dist");
const stampFile = join(dist, ".build-stamp");
const MAIN_BUDGET_GZIP = 300 * 1024;
const force = process.argv.includes("--force");
const quiet = process.argv.includes("--quiet");
const log = (line) => {
  if (!quiet) console.log(line);
};

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Hash of every input that changes the output: sources, config, and the installed versions (lockfile). */
function fingerprint() {
  const h = createHash("sha256");
  const inputs = [
    ...walk(join(web, "src")),
    join(web, "index.html"),
    join(web, "vite.config.ts"),
    join(web, "tsconfig.json"),
    join(repo, "package-lock.json"),
    fileURLToPath(import.meta.url),
  ].filter(existsSync);
  inputs.sort();
  for (const f of inputs) {
    h.update(relative(repo, f));
    h.update("\0");
    h.update(readFileSync(f));
    h.update("\0");
  }
  return h.digest("hex");
}

function kb(n) {
  return `${(n / 1024).toFixed(1)} kB`;
}

/** The entry chunk and its CSS: what a first visit must download before anything shows. */
function mainAssets() {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  return [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
}

function precompressAndReport() {
  const files = walk(dist).filter((f) => /\.(js|css|html|svg|json|txt|ttf)$/.test(f));
  const rows = [];
  for (const f of files) {
    const raw = readFileSync(f);
    const gz = gzipSync(raw, { level: 9 });
    // Tiny files gain nothing and cost a lookup; leave them plain.
    if (raw.length >= 1024) {
      writeFileSync(`${f}.gz`, gz);
      writeFileSync(
        `${f}.br`,
        brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
      );
    }
    if (/\.(js|css)$/.test(f)) rows.push({ file: relative(dist, f), raw: raw.length, gzip: gz.length });
  }
  const main = new Set(mainAssets());
  rows.sort((a, b) => Number(main.has(b.file)) - Number(main.has(a.file)) || b.gzip - a.gzip);
  const width = Math.max(...rows.map((r) => r.file.length), 10);
  log(`${"asset".padEnd(width)}  ${"raw".padStart(10)}  ${"gzip".padStart(10)}`);
  for (const r of rows) log(`${r.file.padEnd(width)}  ${kb(r.raw).padStart(10)}  ${kb(r.gzip).padStart(10)}${main.has(r.file) ? "  (main)" : "  (lazy)"}`);
  const mainGzip = rows.filter((r) => main.has(r.file)).reduce((s, r) => s + r.gzip, 0);
  log(`main bundle (entry JS + CSS): ${kb(mainGzip)} gzipped, budget ${kb(MAIN_BUDGET_GZIP)}`);
  return mainGzip;
}

async function main() {
  const fp = fingerprint();
  if (!force && existsSync(stampFile) && existsSync(join(dist, "index.html")) && readFileSync(stampFile, "utf8").trim() === fp) {
    log("web: build is up to date (web/dist)");
    return 0;
  }
  let vite;
  try {
    vite = await import("vite");
  } catch {
    if (existsSync(join(dist, "index.html"))) {
      console.warn("web: Vite is not installed (production install?); keeping the existing web/dist");
      return 0;
    }
    console.warn("web: Vite is not installed, so the web app was not built; the API works without it. Run `npm install` with dev dependencies to build it.");
    return 0;
  }
  const started = Date.now();
  // Vite strips types without checking them; check here so a type error never ships silently.
  const tsc = join(repo, "node_modules/typescript/bin/tsc");
  if (existsSync(tsc)) {
    const check = spawnSync(process.execPath, [tsc, "--noEmit", "-p", join(web, "tsconfig.json")], { stdio: "inherit" });
    if (check.status !== 0) {
      console.error("web: type errors in web/ (see above); not building");
      return 1;
    }
  }
  await vite.build({ configFile: join(web, "vite.config.ts"), root: web, logLevel: quiet ? "silent" : "warn" });
  const mainGzip = precompressAndReport();
  log(`web: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (mainGzip > MAIN_BUDGET_GZIP) {
    console.error(`web: the main bundle is ${kb(mainGzip)} gzipped, over the ${kb(MAIN_BUDGET_GZIP)} budget; lazy-load the heavy parts`);
    return 1;
  }
  writeFileSync(stampFile, `${fp}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`web: build failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
