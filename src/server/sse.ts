import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * A Server-Sent Events response written straight to the socket: no buffering between the model and the client.
 * `signal` aborts as soon as the client goes away, so generation stops at once.
 */
export class SseStream {
  private readonly controller = new AbortController();
  private ended = false;

  constructor(
    private readonly request: FastifyRequest,
    private readonly reply: FastifyReply,
    headers: Record<string, string> = {},
  ) {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
      ...headers,
      ...(reply.getHeaders() as Record<string, string>),
    });
    res.flushHeaders?.();
    res.socket?.setNoDelay(true);
    const onClose = () => {
      if (!this.ended) this.controller.abort(new Error("client disconnected"));
    };
    res.on("close", onClose);
    request.raw.on("aborted", onClose);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get closed(): boolean {
    return this.ended || this.controller.signal.aborted || this.reply.raw.destroyed;
  }

  /** Writes one `data:` event (optionally named); waits for the socket to drain when the client reads slowly. */
  async send(data: unknown, event?: string): Promise<void> {
    if (this.closed) return;
    const payload = `${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
    if (!this.reply.raw.write(payload)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.reply.raw.off("drain", done);
          this.reply.raw.off("close", done);
          resolve();
        };
        this.reply.raw.on("drain", done);
        this.reply.raw.on("close", done);
      });
    }
  }

  /** A comment line: keeps proxies from timing out a quiet stream. */
  ping(): void {
    if (!this.closed) this.reply.raw.write(": ping\n\n");
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.reply.raw.destroyed) this.reply.raw.end();
  }
}
