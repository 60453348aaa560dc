import { existsSync, statSync } from "node:fs";
import { dirname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply } from "fastify";
import fastifyStatic from "@fastify/static";
import type { CandorServices } from "../../runtime/services.js";
import { ApiError } from "../errors.js";

/** `web/dist` of this checkout, where `scripts/build-web.mjs` puts the built app. */
export const defaultWebRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../web/dist");

export interface WebRoutesOptions {
  /** Folder holding the built app (index.html + assets/); default `web/dist`. */
  root?: string;
}

/** Paths that belong to the API: an unknown one must get the API's JSON 404, never the app's HTML. */
function isApiPath(path: string): boolean {
  return path === "/v1" || path.startsWith("/v1/") || path === "/healthz" || path.startsWith("/healthz/");
}

function fileIn(root: string, urlPath: string): string | undefined {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const full = normalize(join(root, rel));
  if (full !== root && !full.startsWith(root + sep)) return undefined;
  try {
    return statSync(full).isFile() ? full.slice(root.length + 1) : undefined;
  } catch {
    return undefined;
  }
}

const STATIC_EXT = /\.(js|mjs|css|map|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|txt|json|webmanifest)$/i;

const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Candor</title>
<body style="font-family:system-ui;max-width:40rem;margin:3rem auto;line-height:1.5">
<h1>Candor is running</h1>
<p>The web app has not been built in this checkout. Build it with <code>node scripts/build-web.mjs</code>
(<code>npm install</code> does it for you), then reload. The API is at <code>/v1</code>.</p></body>`;

/**
 * Serves the web app at `/`: hashed assets with year-long immutable caching (pre-compressed .br/.gz when the
 * build emitted them), and index.html — never cached, so a new build is picked up on the next load — for every
 * other GET that is not an API path, so client-side routes like /pulse/story/42 survive a reload.
 */
export async function registerWebRoutes(app: FastifyInstance, _services: CandorServices, opts: WebRoutesOptions = {}): Promise<void> {
  const root = resolve(opts.root ?? process.env.CANDOR_WEB_ROOT ?? defaultWebRoot);
  await app.register(fastifyStatic, { root, serve: false, preCompressed: true });

  const sendIndex = (reply: FastifyReply) => {
    if (!existsSync(join(root, "index.html"))) {
      return reply.status(200).header("cache-control", "no-store").type("text/html; charset=utf-8").send(NOT_BUILT_PAGE);
    }
    return reply.header("cache-control", "no-cache").sendFile("index.html", { cacheControl: false });
  };

  app.route({
    method: ["GET", "HEAD"],
    url: "/*",
    handler(req, reply) {
      const path = req.url.split("?")[0]!;
      if (isApiPath(path)) throw new ApiError(404, `no route for ${req.method} ${path}`, null, "unknown_route");
      const file = path === "/" ? undefined : fileIn(root, path);
      if (file) {
        // Vite names every asset after its content hash, so it can be cached forever.
        const hashed = file.startsWith(`assets${sep}`);
        return reply.sendFile(file, hashed ? { maxAge: "365d", immutable: true } : { maxAge: 0 });
      }
      // A missing file with an extension is a real 404 (an old asset after a rebuild), not an app route.
      if (path.startsWith("/assets/") || STATIC_EXT.test(path)) {
        return reply.status(404).type("text/plain; charset=utf-8").send(`not found: ${path}`);
      }
      return sendIndex(reply);
    },
  });
}
