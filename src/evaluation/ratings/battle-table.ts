import { STYLE_FEATURE_NAMES, styleVector, type StyleFeatures } from "./style-features.js";

/** How a battle ended, from the point of view of the model shown as A. */
export type Outcome = "A" | "B" | "tie" | "both_bad";

export const OUTCOME_CODE: Record<Outcome, number> = { A: 0, B: 1, tie: 2, both_bad: 3 };
export const OUTCOMES: Outcome[] = ["A", "B", "tie", "both_bad"];

export const STYLE_DIM = STYLE_FEATURE_NAMES.length;

/**
 * Battles in columns (typed arrays, model ids interned), so a million battles cost tens of megabytes and the
 * fitting loops touch only numbers. Built with a BattleTableBuilder.
 */
export interface BattleTable {
  readonly models: string[];
  readonly size: number;
  readonly modelA: Int32Array;
  readonly modelB: Int32Array;
  /** OUTCOME_CODE per battle */
  readonly outcome: Uint8Array;
  /** STYLE_DIM features of A then STYLE_DIM of B per battle; NaN where the battle has none. */
  readonly style: Float64Array;
}

export class BattleTableBuilder {
  private readonly index = new Map<string, number>();
  private readonly models: string[] = [];
  private n = 0;
  private modelA = new Int32Array(1024);
  private modelB = new Int32Array(1024);
  private outcome = new Uint8Array(1024);
  private style = new Float64Array(1024 * 2 * STYLE_DIM);

  constructor(models: Iterable<string> = []) {
    for (const m of models) this.modelIndex(m);
  }

  modelIndex(model: string): number {
    let i = this.index.get(model);
    if (i === undefined) {
      i = this.models.length;
      this.index.set(model, i);
      this.models.push(model);
    }
    return i;
  }

  get size(): number {
    return this.n;
  }

  /** Battles of a model against itself carry no information and are refused. */
  add(modelA: string, modelB: string, outcome: Outcome, styleA?: StyleFeatures | null, styleB?: StyleFeatures | null): void {
    this.addIndexed(this.modelIndex(modelA), this.modelIndex(modelB), OUTCOME_CODE[outcome], styleA ? styleVector(styleA) : null, styleB ? styleVector(styleB) : null);
  }

  addIndexed(a: number, b: number, outcomeCode: number, styleA: ArrayLike<number> | null = null, styleB: ArrayLike<number> | null = null): void {
    if (a === b) throw new Error(`a battle needs two different models, got '${this.models[a]}' twice`);
    if (!(outcomeCode >= 0 && outcomeCode <= 3)) throw new Error(`unknown outcome code ${outcomeCode}`);
    if (this.n === this.modelA.length) this.grow();
    const i = this.n++;
    this.modelA[i] = a;
    this.modelB[i] = b;
    this.outcome[i] = outcomeCode;
    const base = i * 2 * STYLE_DIM;
    for (let k = 0; k < STYLE_DIM; k++) {
      this.style[base + k] = styleA && styleB ? styleA[k]! : NaN;
      this.style[base + STYLE_DIM + k] = styleA && styleB ? styleB[k]! : NaN;
    }
  }

  private grow(): void {
    const cap = this.modelA.length * 2;
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(arr: T, size: number): T => {
      const next = new (arr.constructor as new (n: number) => T)(size);
      next.set(arr);
      return next;
    };
    this.modelA = grow(this.modelA, cap);
    this.modelB = grow(this.modelB, cap);
    this.outcome = grow(this.outcome, cap);
    this.style = grow(this.style, cap * 2 * STYLE_DIM);
  }

  build(): BattleTable {
    const n = this.n;
    return {
      models: [...this.models],
      size: n,
      modelA: this.modelA.slice(0, n),
      modelB: this.modelB.slice(0, n),
      outcome: this.outcome.slice(0, n),
      style: this.style.slice(0, n * 2 * STYLE_DIM),
    };
  }
}

/** Score of A in a battle: win 1, loss 0, tie or both bad ½ (a tie is half a win for each side). */
export function scoreOfA(outcomeCode: number): number {
  return outcomeCode === 0 ? 1 : outcomeCode === 1 ? 0 : 0.5;
}
