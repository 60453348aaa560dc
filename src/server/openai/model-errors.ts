import { ModelError } from "../../models/chat-model.js";
import { ApiError } from "../errors.js";

/** Backend errors → the API's error shape; anything unexpected becomes a 500 without internals. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof ModelError) return new ApiError(err.status, err.message, err.param, err.code);
  const e = err as Error;
  if (e?.name === "AbortError") return new ApiError(499, "request cancelled", null, "cancelled");
  return new ApiError(500, "internal error while generating", null, "internal_error");
}

/** Pulls events until the first one that comes from the model, so errors raised before any output can still set the HTTP status. */
export async function prime<T extends { type: string }>(
  iterator: AsyncIterator<T>,
  isOutput: (e: T) => boolean,
): Promise<{ buffered: T[]; done: boolean }> {
  const buffered: T[] = [];
  for (;;) {
    const r = await iterator.next();
    if (r.done) return { buffered, done: true };
    buffered.push(r.value);
    if (isOutput(r.value)) return { buffered, done: false };
  }
}

/** Replays buffered events, then continues with the iterator. */
export async function* resume<T>(buffered: T[], iterator: AsyncIterator<T>, done: boolean): AsyncGenerator<T> {
  yield* buffered;
  if (done) return;
  for (;;) {
    const r = await iterator.next();
    if (r.done) return;
    yield r.value;
  }
}

/** Interleaves several async streams, tagging each item with its stream's index (n > 1 choices). */
export async function* mergeStreams<T>(streams: AsyncIterable<T>[]): AsyncGenerator<{ index: number; value: T }> {
  if (streams.length === 1) {
    // The common case (n = 1) skips the race bookkeeping: it sits on the per-token hot path.
    for await (const value of streams[0]!) yield { index: 0, value };
    return;
  }
  const iterators = streams.map((s) => s[Symbol.asyncIterator]());
  const pending = new Map<number, Promise<{ index: number; r: IteratorResult<T> }>>();
  const pull = (i: number) => pending.set(i, iterators[i]!.next().then((r) => ({ index: i, r })));
  iterators.forEach((_, i) => pull(i));
  try {
    while (pending.size) {
      const { index, r } = await Promise.race(pending.values());
      if (r.done) pending.delete(index);
      else {
        pull(index);
        yield { index, value: r.value };
      }
    }
  } finally {
    // Pulls still in flight settle after we leave (e.g. with the abort reason): they have no one to report to.
    for (const p of pending.values()) p.catch(() => {});
    await Promise.allSettled(iterators.map((it) => it.return?.()));
  }
}
