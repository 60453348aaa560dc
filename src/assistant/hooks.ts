/**
 * Extension points other areas plug into the assistant, so the assistant never imports them:
 * the knowledge engine provides live search, evaluation provides scorers for best-of-N.
 */
import type { ChatMessage } from "../models/chat-model.js";

export interface SearchHit {
  /** Stable id of the post/document */
  id: string;
  url: string;
  title?: string;
  text: string;
  author?: string;
  source?: string;
  createdAt?: string;
  score?: number;
}

/** xAI's `search_parameters` on chat requests, normalised. */
export interface SearchParameters {
  mode: "off" | "on" | "auto";
  sources?: { type: string; [k: string]: unknown }[];
  fromDate?: string;
  toDate?: string;
  maxSearchResults?: number;
  returnCitations?: boolean;
  /** x_search-style filters */
  allowedHandles?: string[];
  excludedHandles?: string[];
}

export interface LiveSearchProvider {
  search(query: string, params: SearchParameters, signal?: AbortSignal): Promise<SearchHit[]>;
  /** Does this question look like it is about recent events (used by search mode auto)? */
  wantsSearch?(question: string): boolean;
}

export interface CandidateScorer {
  /** Higher is better; one score per candidate answer to the same conversation. */
  score(conversation: ChatMessage[], candidates: string[], signal?: AbortSignal): Promise<number[]>;
}
