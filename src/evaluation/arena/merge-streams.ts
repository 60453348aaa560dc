/**
 * Interleaves several async iterables as their items arrive, tagging each with its source index. The first
 * error ends the merged stream (the caller aborts the rest through their signal).
 */
export async function* mergeStreams<T>(sources: AsyncIterable<T>[]): AsyncIterable<{ index: number; value: T }> {
  const iterators = sources.map((s) => s[Symbol.asyncIterator]());
  const pending = new Map<number, Promise<{ index: number; result: IteratorResult<T> }>>();
  const pull = (index: number) => pending.set(index, iterators[index].next().then((result) => ({ index, result })));
  iterators.forEach((_, i) => pull(i));
  try {
    while (pending.size) {
      const { index, result } = await Promise.race(pending.values());
      if (result.done) {
        pending.delete(index);
        continue;
      }
      pull(index);
      yield { index, value: result.value };
    }
  } finally {
    // Stop the sources that are still running (consumer left early or one source failed).
    await Promise.allSettled([...pending.keys()].map((i) => iterators[i].return?.()));
  }
}
