/**
 * Seeded PRNG (sfc32 seeded through splitmix32). Bootstrap intervals must be reproducible from a seed, and
 * Math.random cannot be seeded; sfc32 is small, passes PractRand, and keeps its state in four int32s so the
 * resampling loops can inline it.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** The raw state, so hot loops can run the generator inline and write it back. */
  state: Int32Array;
}

export function createRng(seed: number): Rng {
  const state = new Int32Array(4);
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) | 0;
  };
  for (let i = 0; i < 4; i++) state[i] = splitmix();
  const rng: Rng = {
    state,
    next() {
      return nextUint32(state) / 4294967296;
    },
    int(n: number) {
      return Math.floor((nextUint32(state) / 4294967296) * n);
    },
  };
  // Discard the first outputs: sfc32 mixes its seed over the first few rounds.
  for (let i = 0; i < 12; i++) rng.next();
  return rng;
}

export function nextUint32(st: Int32Array): number {
  let a = st[0];
  let b = st[1];
  let c = st[2];
  let d = st[3];
  const t = (((a + b) | 0) + d) | 0;
  d = (d + 1) | 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) | 0;
  c = (c << 21) | (c >>> 11);
  c = (c + t) | 0;
  st[0] = a;
  st[1] = b;
  st[2] = c;
  st[3] = d;
  return t >>> 0;
}

/**
 * Multinomial resampling of `n` items: returns how often each index was drawn in n draws with replacement.
 * Inlines sfc32 because this loop runs n × rounds times (10^8 for a 1M-battle bootstrap).
 */
export function resampleCounts(n: number, rng: Rng, out: Uint32Array = new Uint32Array(n)): Uint32Array {
  out.fill(0);
  const st = rng.state;
  let a = st[0];
  let b = st[1];
  let c = st[2];
  let d = st[3];
  for (let i = 0; i < n; i++) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    out[Math.floor(((t >>> 0) / 4294967296) * n)]++;
  }
  st[0] = a;
  st[1] = b;
  st[2] = c;
  st[3] = d;
  return out;
}

/**
 * Multinomial resampling of `categoryOf.length` items, tallied by category: out[c] = how many of the
 * n draws (with replacement) hit an item of category c. Equivalent to resampleCounts followed by a
 * group-by, without the second pass.
 */
export function resampleCategoryCounts(categoryOf: Uint32Array, nCategories: number, rng: Rng, out: Float64Array = new Float64Array(nCategories)): Float64Array {
  out.fill(0);
  const n = categoryOf.length;
  const st = rng.state;
  let a = st[0];
  let b = st[1];
  let c = st[2];
  let d = st[3];
  for (let i = 0; i < n; i++) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    out[categoryOf[Math.floor(((t >>> 0) / 4294967296) * n)]]++;
  }
  st[0] = a;
  st[1] = b;
  st[2] = c;
  st[3] = d;
  return out;
}
