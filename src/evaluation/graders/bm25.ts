/**
 * Okapi BM25 over passages of a supplied document set, for FActScore evidence retrieval. Documents are
 * cut into overlapping passages so a long document's one relevant paragraph is not drowned by the rest.
 */
export interface EvidenceDocument {
  id: string;
  title?: string;
  text: string;
}

export interface Passage {
  docId: string;
  title?: string;
  text: string;
}

const stopwords = new Set(
  "a an and are as at be by for from has have he her his in is it its of on or she that the their them they this to was were will with which who what when where".split(" "),
);

export function tokenize(text: string): string[] {
  return (text.toLowerCase().normalize("NFKD").match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => !stopwords.has(t));
}

export function splitPassages(doc: EvidenceDocument, wordsPerPassage = 120, overlap = 30): Passage[] {
  const words = doc.text.split(/\s+/).filter(Boolean);
  if (words.length <= wordsPerPassage) return [{ docId: doc.id, title: doc.title, text: doc.text.trim() }];
  const out: Passage[] = [];
  for (let start = 0; start < words.length; start += wordsPerPassage - overlap) {
    out.push({ docId: doc.id, title: doc.title, text: words.slice(start, start + wordsPerPassage).join(" ") });
    if (start + wordsPerPassage >= words.length) break;
  }
  return out;
}

export class Bm25Index {
  private readonly passages: Passage[] = [];
  private readonly termFreqs: Map<string, number>[] = [];
  private readonly lengths: number[] = [];
  private readonly docFreq = new Map<string, number>();
  private totalLength = 0;

  constructor(
    documents: EvidenceDocument[],
    private readonly k1 = 1.5,
    private readonly b = 0.75,
  ) {
    for (const doc of documents) for (const p of splitPassages(doc)) this.add(p);
  }

  private add(p: Passage): void {
    const tokens = tokenize(`${p.title ?? ""} ${p.text}`);
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const t of tf.keys()) this.docFreq.set(t, (this.docFreq.get(t) ?? 0) + 1);
    this.passages.push(p);
    this.termFreqs.push(tf);
    this.lengths.push(tokens.length);
    this.totalLength += tokens.length;
  }

  get size(): number {
    return this.passages.length;
  }

  search(query: string, k = 5): (Passage & { score: number })[] {
    const n = this.passages.length;
    if (n === 0) return [];
    const avg = this.totalLength / n || 1;
    const terms = [...new Set(tokenize(query))];
    const scored: { i: number; score: number }[] = [];
    for (let i = 0; i < n; i++) {
      const tf = this.termFreqs[i]!;
      let score = 0;
      for (const t of terms) {
        const f = tf.get(t);
        if (!f) continue;
        const df = this.docFreq.get(t)!;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * f * (this.k1 + 1)) / (f + this.k1 * (1 - this.b + (this.b * this.lengths[i]!) / avg));
      }
      if (score > 0) scored.push({ i, score });
    }
    scored.sort((a, b) => b.score - a.score || a.i - b.i);
    return scored.slice(0, k).map(({ i, score }) => ({ ...this.passages[i]!, score }));
  }
}
