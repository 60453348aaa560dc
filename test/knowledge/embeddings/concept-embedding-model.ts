/**
 * A deterministic embedding model for tests and benchmarks: a bag of concepts. Words of one synonym group map to the
 * same direction, so "streets inundated, residents told to relocate" lands next to "flood evacuation" although the two
 * share no word, which is exactly what BM25 cannot see. Other words get a weak direction of their own (hashed), so
 * unrelated texts are nearly orthogonal rather than identical.
 */
import type { ChatModel, GenerationEvent, ModelInfo } from "../../../src/models/chat-model.js";
import { ModelError } from "../../../src/models/chat-model.js";

export const CONCEPTS: Record<string, string[]> = {
  flood: ["flood", "floods", "flooding", "flooded", "inundation", "inundated", "deluge", "submerged", "overflowing", "floodwater", "floodwaters"],
  evacuate: ["evacuation", "evacuate", "evacuated", "evacuating", "relocate", "relocated", "flee", "fled", "shelters", "shelter"],
  river: ["river", "levee", "levees", "dam", "embankment", "riverbank"],
  power: ["power", "outage", "blackout", "electricity", "grid"],
  fire: ["fire", "wildfire", "blaze", "flames", "burning", "smoke"],
  quake: ["earthquake", "quake", "tremor", "seismic", "aftershock"],
  election: ["election", "vote", "ballot", "polls", "voting", "voters"],
  bakery: ["bakery", "bread", "croissant", "pastry", "baker", "sourdough"],
  football: ["football", "soccer", "match", "goal", "striker", "league"],
  rain: ["rain", "storm", "downpour", "rainfall", "showers"],
};

export interface ConceptModelOptions {
  id?: string;
  dimension?: number;
  /** Wall ms each embed call waits (a model slower than the stream) */
  delayMs?: number;
  /** Inputs matching this are refused with a 400, as llama.cpp refuses an input longer than its context */
  reject?: RegExp;
  /** Weight of a word outside every concept relative to a concept word */
  otherWeight?: number;
}

export class ConceptEmbeddingModel implements ChatModel {
  readonly id: string;
  readonly provider = "test";
  readonly dimension: number;
  /** Texts embedded so far, in call order */
  readonly embedded: string[] = [];
  calls = 0;
  delayMs: number;
  private readonly directions = new Map<string, Float32Array>();
  private readonly conceptOf = new Map<string, string>();

  constructor(private readonly options: ConceptModelOptions = {}) {
    this.id = options.id ?? "concepts";
    this.dimension = options.dimension ?? 64;
    this.delayMs = options.delayMs ?? 0;
    for (const [concept, words] of Object.entries(CONCEPTS)) for (const w of words) this.conceptOf.set(w, concept);
  }

  info(): ModelInfo {
    return {
      id: this.id,
      provider: this.provider,
      ownedBy: "test",
      capabilities: { chat: false, thinking: false, tools: false, jsonSchema: false, embeddings: true, vision: false, logprobs: false },
    };
  }

  // eslint-disable-next-line require-yield
  async *generate(): AsyncIterable<GenerationEvent> {
    throw new ModelError(`${this.id} is an embedding model`, 400, "unsupported_model", "model");
  }

  /** The vector this model gives a text (not normalised). */
  vectorFor(text: string): number[] {
    const v = new Float64Array(this.dimension);
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
      const concept = this.conceptOf.get(word);
      const dir = this.direction(concept ? `concept:${concept}` : `word:${word}`);
      const w = concept ? 1 : (this.options.otherWeight ?? 0.15);
      for (let i = 0; i < v.length; i++) v[i]! += w * dir[i]!;
    }
    return [...v];
  }

  /** Until the returned function is called, every embed call waits (a model stuck on a long batch). */
  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise<void>((r) => (release = r));
    return () => {
      this.gate = undefined;
      release();
    };
  }

  private gate: Promise<void> | undefined;

  async embed(texts: string[], options: { signal?: AbortSignal } = {}): Promise<{ embeddings: number[][]; promptTokens: number }> {
    this.calls++;
    if (this.gate) await this.gate;
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    options.signal?.throwIfAborted();
    const bad = this.options.reject ? texts.findIndex((t) => this.options.reject!.test(t)) : -1;
    if (bad >= 0) throw new ModelError(`cannot embed input ${bad}: too long`, 400, "invalid_value", "input");
    this.embedded.push(...texts);
    return { embeddings: texts.map((t) => this.vectorFor(t)), promptTokens: texts.reduce((n, t) => n + t.split(/\s+/).length, 0) };
  }

  /** A fixed pseudo-random unit direction per key (FNV-1a seeded xorshift). */
  private direction(key: string): Float32Array {
    let d = this.directions.get(key);
    if (d) return d;
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
    let x = h || 1;
    d = new Float32Array(this.dimension);
    let norm = 0;
    for (let i = 0; i < d.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      d[i] = (x >>> 0) / 4294967296 - 0.5;
      norm += d[i]! * d[i]!;
    }
    for (let i = 0; i < d.length; i++) d[i]! /= Math.sqrt(norm);
    this.directions.set(key, d);
    return d;
  }
}
