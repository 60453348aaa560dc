/** Error for a streaming HTTP response that was not 2xx, keeping the status for back-off decisions. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly retryAfterMs?: number,
  ) {
    super(`HTTP ${status}${body ? `: ${body.slice(0, 300)}` : ""}`);
    this.name = "HttpStatusError";
  }
}

export async function httpStatusError(res: Response): Promise<HttpStatusError> {
  let body = "";
  try {
    body = (await res.text()).trim();
  } catch {
    // the body is only for the message
  }
  const ra = res.headers.get("retry-after");
  let retryAfterMs: number | undefined;
  if (ra) {
    const secs = Number(ra);
    retryAfterMs = Number.isFinite(secs) ? secs * 1000 : Math.max(0, Date.parse(ra) - Date.now()) || undefined;
  }
  return new HttpStatusError(res.status, body, retryAfterMs);
}

/**
 * Reads a fetch body as UTF-8 text chunks, failing with a "stalled" error when no byte arrives for `stallMs`
 * (a half-open TCP connection otherwise hangs forever).
 */
export async function* readTextChunks(body: ReadableStream<Uint8Array>, stallMs: number | undefined, signal: AbortSignal): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  // One listener for the whole stream: a listener per read would pile up on a long-lived signal.
  const aborted = new Promise<"abort">((resolve) => {
    if (signal.aborted) resolve("abort");
    else signal.addEventListener("abort", () => resolve("abort"), { once: true });
  });
  try {
    while (!signal.aborted) {
      let timer: NodeJS.Timeout | undefined;
      const stalled =
        stallMs === undefined
          ? undefined
          : new Promise<"stall">((resolve) => {
              timer = setTimeout(() => resolve("stall"), stallMs);
            });
      let result: Awaited<ReturnType<typeof reader.read>> | "abort" | "stall";
      try {
        result = await Promise.race([reader.read(), aborted, ...(stalled ? [stalled] : [])]);
      } finally {
        // Also when the read rejects (aborted fetch): a pending stall timer would keep the process alive.
        clearTimeout(timer);
      }
      if (result === "abort") return;
      if (result === "stall") throw new StreamStalledError(stallMs!);
      if (result.done) {
        const rest = decoder.decode();
        if (rest) yield rest;
        return;
      }
      yield decoder.decode(result.value, { stream: true });
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

export class StreamStalledError extends Error {
  constructor(readonly stallMs: number) {
    super(`no data for ${stallMs} ms; treating the connection as stalled`);
    this.name = "StreamStalledError";
  }
}
