/**
 * Hallucination scoring in the style of FActScore (Min et al., 2023) and SAFE (Wei et al., 2024):
 * split an answer into atomic claims, retrieve evidence for each (BM25 over supplied documents, or the
 * knowledge store through the assistant's LiveSearchProvider), let a judge label each claim, then report
 * the supported fraction with FActScore's length penalty and SAFE's F1@K.
 */
import { z } from "zod";
import type { ModelRegistry } from "../../models/model-registry.js";
import type { ChatMessage, ChatModel } from "../../models/chat-model.js";
import type { LiveSearchProvider } from "../../assistant/hooks.js";
import { Bm25Index, type EvidenceDocument } from "./bm25.js";
import { splitClaims } from "./claim-splitter.js";
import { callJudge, resolveModel } from "./judge-call.js";

export type ClaimLabel = "supported" | "not_supported" | "irrelevant";

export interface Evidence {
  source: string;
  text: string;
}

export interface ClaimResult {
  claim: string;
  label: ClaimLabel;
  reasoning: string;
  evidence: Evidence[];
}

export interface FactScoreItem {
  id?: string;
  /** The question the answer responds to; claims that do not bear on it are labelled irrelevant. */
  prompt?: string;
  answer: string;
  /** Evidence for this item only, in addition to the shared documents. */
  documents?: EvidenceDocument[];
}

export interface FactScoreNumbers {
  supported: number;
  notSupported: number;
  irrelevant: number;
  /** supported / (supported + not supported); null when no claim was relevant (the answer abstained). */
  supportedFraction: number | null;
  /** exp(1 − γ/|claims|) when |claims| < γ, else 1, with |claims| the relevant claims. */
  lengthPenalty: number;
  factScore: number | null;
  precision: number | null;
  recallAtK: number;
  f1AtK: number;
  k: number;
  gamma: number;
}

export interface FactScoreResult extends Partial<FactScoreNumbers> {
  id?: string;
  status: "ok" | "failed";
  splitter: "judge" | "sentences";
  /** Why the judge's claim split was not used, when it was not. */
  splitterNote?: string;
  claims: ClaimResult[];
  error?: string;
}

export interface FactScoreOptions {
  models: ModelRegistry;
  judge: string;
  documents?: EvidenceDocument[];
  search?: LiveSearchProvider;
  /** "judge" asks the judge for atomic facts and falls back to sentences if it fails. */
  splitter?: "judge" | "sentences";
  gamma?: number;
  /** K of F1@K: the number of supported facts a user wants (SAFE uses the median fact count; 64 by default). */
  k?: number;
  evidencePerClaim?: number;
  maxTokens?: number;
}

/** The numbers alone, so they can be checked by hand against the papers' formulas. */
export function factScoreNumbers(labels: ClaimLabel[], gamma = 10, k = 64): FactScoreNumbers {
  const supported = labels.filter((l) => l === "supported").length;
  const notSupported = labels.filter((l) => l === "not_supported").length;
  const irrelevant = labels.length - supported - notSupported;
  const relevant = supported + notSupported;
  const supportedFraction = relevant ? supported / relevant : null;
  const lengthPenalty = relevant > 0 && relevant < gamma ? Math.exp(1 - gamma / relevant) : relevant === 0 ? 0 : 1;
  const precision = supportedFraction;
  const recallAtK = Math.min(supported / k, 1);
  const f1AtK = supported > 0 && precision !== null ? (2 * precision * recallAtK) / (precision + recallAtK) : 0;
  return {
    supported,
    notSupported,
    irrelevant,
    supportedFraction,
    lengthPenalty,
    factScore: supportedFraction === null ? null : supportedFraction * lengthPenalty,
    precision,
    recallAtK,
    f1AtK,
    k,
    gamma,
  };
}

const claimsSchema = z.object({ claims: z.array(z.string().min(1)) });
const labelSchema = z.object({ reasoning: z.string(), label: z.enum(["supported", "not_supported", "irrelevant"]) });

function splitPrompt(answer: string, prompt?: string): ChatMessage[] {
  return [
    {
      role: "system",
      content:
        "You break text into atomic facts: short, self-contained statements that each carry exactly one piece of checkable information. " +
        "Resolve pronouns to the entity they refer to. Leave out opinions, greetings and questions. Reply with JSON only.",
    },
    {
      role: "user",
      content: `${prompt ? `Question: ${prompt}\n\n` : ""}Text:\n"""\n${answer}\n"""\n\nReturn {"claims": ["<atomic fact>", ...]}.`,
    },
  ];
}

function labelPrompt(claim: string, evidence: Evidence[], prompt?: string): ChatMessage[] {
  const ev = evidence.length ? evidence.map((e, i) => `[${i + 1}] (${e.source}) ${e.text}`).join("\n\n") : "(no evidence was found)";
  return [
    {
      role: "system",
      content:
        "You check one claim against evidence. 'supported': the evidence states or directly implies the claim. " +
        "'not_supported': the evidence contradicts it or does not establish it. 'irrelevant': the claim does not bear on the question " +
        "(only when a question is given). Use only the evidence, not your own knowledge. Reply with JSON only.",
    },
    {
      role: "user",
      content: `${prompt ? `Question: ${prompt}\n\n` : ""}Claim: ${claim}\n\nEvidence:\n${ev}\n\nReturn {"reasoning": "<short>", "label": "supported" | "not_supported" | "irrelevant"}.`,
    },
  ];
}

export class FactScorer {
  private readonly judge: ChatModel;
  private readonly index?: Bm25Index;

  constructor(private readonly options: FactScoreOptions) {
    this.judge = resolveModel(options.models, options.judge);
    if (!options.documents?.length && !options.search) {
      throw new Error("FActScore needs evidence: supply a document set, or install live search (the knowledge engine)");
    }
    if (options.documents?.length) this.index = new Bm25Index(options.documents);
  }

  private async retrieve(claim: string, local: Bm25Index | undefined, signal?: AbortSignal): Promise<Evidence[]> {
    const k = this.options.evidencePerClaim ?? 5;
    const out: Evidence[] = [];
    if (local) for (const p of local.search(claim, k)) out.push({ source: p.title ? `${p.docId}: ${p.title}` : p.docId, text: p.text });
    if (this.options.search) {
      const hits = await this.options.search.search(claim, { mode: "on", maxSearchResults: k }, signal);
      for (const h of hits.slice(0, k)) out.push({ source: h.url || h.id, text: h.text });
    }
    return out;
  }

  async score(item: FactScoreItem, signal?: AbortSignal): Promise<FactScoreResult> {
    if (typeof item.answer !== "string") return { id: item.id, status: "failed", splitter: "sentences", claims: [], error: "the item has no 'answer' string" };
    let claims: string[];
    let splitter: "judge" | "sentences" = "sentences";
    let splitterNote: string | undefined;
    if ((this.options.splitter ?? "judge") === "judge") {
      try {
        const r = await callJudge(this.judge, splitPrompt(item.answer, item.prompt), claimsSchema, "atomic_facts", { signal, maxTokens: this.options.maxTokens });
        claims = r.value.claims.map((c) => c.trim()).filter(Boolean);
        splitter = "judge";
      } catch (err) {
        if (signal?.aborted) throw err;
        splitterNote = `judge split failed (${(err as Error).message}); used the sentence splitter`;
        claims = splitClaims(item.answer);
      }
    } else {
      claims = splitClaims(item.answer);
    }
    const results: ClaimResult[] = [];
    // An item's own documents join the shared set for its claims: one index per item, not one per claim.
    const local = item.documents?.length ? new Bm25Index([...(this.options.documents ?? []), ...item.documents]) : this.index;
    for (const claim of claims) {
      const evidence = await this.retrieve(claim, local, signal);
      try {
        const r = await callJudge(this.judge, labelPrompt(claim, evidence, item.prompt), labelSchema, "claim_label", { signal, maxTokens: this.options.maxTokens });
        results.push({ claim, label: r.value.label, reasoning: r.value.reasoning, evidence });
      } catch (err) {
        if (signal?.aborted) throw err;
        // One unlabelled claim would bias the fraction either way, so the whole item is reported as failed.
        return { id: item.id, status: "failed", splitter, splitterNote, claims: results, error: `claim "${claim}": ${(err as Error).message}` };
      }
    }
    return {
      id: item.id,
      status: "ok",
      splitter,
      splitterNote,
      claims: results,
      ...factScoreNumbers(
        results.map((r) => r.label),
        this.options.gamma ?? 10,
        this.options.k ?? 64,
      ),
    };
  }
}
