/** Typed arrays whose constructor takes a length; what the analysis tables grow. */
type GrowableArray = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float32Array | Float64Array;

/**
 * A copy of `a` with room for `length` elements (the new ones zero). The analysis state keeps its tables in typed
 * arrays so the garbage collector has nothing to trace in them; this is how they grow.
 */
export function grown<T extends GrowableArray>(a: T, length: number): T {
  const b = new (a.constructor as new (length: number) => T)(length);
  b.set(a as never);
  return b;
}
