/**
 * The replicas (base URLs) of one provider. Picks the one with the fewest outstanding requests and watches
 * outcomes passively: a replica that fails (connection error, 5xx, timeout) is ejected for a back-off that doubles
 * with each consecutive failure (capped); afterwards one live request probes it (half-open) and its outcome
 * decides between healthy again and a longer ejection.
 */
export interface Replica {
  /** 0-based position in the provider's baseUrls; what errors and logs name instead of the URL when secrecy matters. */
  readonly index: number;
  readonly baseUrl: string;
  outstanding: number;
  consecutiveFailures: number;
  /** Epoch ms until which the replica takes no traffic; 0 when healthy. */
  ejectedUntil: number;
  /** A probe request is in flight after an ejection; others keep away until it reports. */
  probing: boolean;
  requests: number;
  failures: number;
}

export type ReplicaOutcome = "success" | "failure" | "neutral";

export interface ReplicaPoolOptions {
  baseUrls: string[];
  /** First ejection; doubles with each consecutive failure. */
  ejectBaseMs?: number;
  ejectMaxMs?: number;
  now?: () => number;
  log?: (line: string) => void;
  name?: string;
}

export interface ReplicaLease {
  replica: Replica;
  release(outcome: ReplicaOutcome): void;
}

export class ReplicaPool {
  readonly replicas: Replica[];
  private readonly ejectBaseMs: number;
  private readonly ejectMaxMs: number;
  private readonly now: () => number;
  private rotation = 0;

  constructor(private readonly opts: ReplicaPoolOptions) {
    if (opts.baseUrls.length === 0) throw new Error("a replica pool needs at least one base URL");
    this.replicas = opts.baseUrls.map((u, index) => ({
      index,
      baseUrl: u.replace(/\/+$/, ""),
      outstanding: 0,
      consecutiveFailures: 0,
      ejectedUntil: 0,
      probing: false,
      requests: 0,
      failures: 0,
    }));
    this.ejectBaseMs = opts.ejectBaseMs ?? 1000;
    this.ejectMaxMs = opts.ejectMaxMs ?? 30_000;
    this.now = opts.now ?? Date.now;
  }

  /**
   * A replica for one request, skipping `exclude` (replicas this request already tried).
   * Undefined when every replica is ejected or being probed: the caller fails fast so a fallback can answer.
   */
  acquire(exclude: ReadonlySet<number> = new Set()): ReplicaLease | undefined {
    const now = this.now();
    let best: Replica | undefined;
    const n = this.replicas.length;
    // Rotating the scan start spreads ties, so idle replicas share load instead of the first one taking all.
    const start = this.rotation++ % n;
    for (let k = 0; k < n; k++) {
      const r = this.replicas[(start + k) % n]!;
      if (exclude.has(r.index) || r.probing) continue;
      if (r.ejectedUntil > now) continue;
      if (!best || r.outstanding < best.outstanding) best = r;
    }
    if (!best) return undefined;
    const replica = best;
    const probe = replica.ejectedUntil > 0;
    if (probe) replica.probing = true;
    replica.outstanding++;
    replica.requests++;
    let released = false;
    return {
      replica,
      release: (outcome) => {
        if (released) return;
        released = true;
        replica.outstanding--;
        if (probe) replica.probing = false;
        if (outcome === "failure") this.fail(replica);
        else if (outcome === "success") this.recover(replica, probe);
        // A neutral probe (client gave up, upstream rate limit) proved nothing: the next request probes again.
      },
    };
  }

  /** Earliest time any replica takes traffic again (for the error message when none does). */
  nextAvailableInMs(): number {
    const now = this.now();
    const waits = this.replicas.map((r) => Math.max(0, r.ejectedUntil - now));
    return Math.min(...waits);
  }

  private fail(r: Replica): void {
    r.failures++;
    r.consecutiveFailures++;
    const ms = Math.min(this.ejectMaxMs, this.ejectBaseMs * 2 ** (r.consecutiveFailures - 1));
    r.ejectedUntil = this.now() + ms;
    this.opts.log?.(`provider ${this.opts.name ?? "?"}: replica ${r.index} (${hostOf(r.baseUrl)}) ejected for ${ms} ms after ${r.consecutiveFailures} consecutive failure(s)`);
  }

  private recover(r: Replica, wasProbe: boolean): void {
    if (wasProbe) this.opts.log?.(`provider ${this.opts.name ?? "?"}: replica ${r.index} (${hostOf(r.baseUrl)}) is healthy again`);
    r.consecutiveFailures = 0;
    r.ejectedUntil = 0;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "?";
  }
}
