import { test } from "node:test";
import assert from "node:assert/strict";
import { Deduplicator, minhash } from "../../../src/knowledge/store/dedupe.js";
import { tokenize } from "../../../src/knowledge/analysis/text.js";

const words = (t: string) => tokenize(t).words;
const T0 = Date.parse("2026-01-01T00:00:00Z");

test("exact copies across authors are duplicates once the text has substance; urls and case do not matter", () => {
  const d = new Deduplicator();
  const pitch = "Claim your FREE tokens now, limited offer for everyone";
  assert.equal(d.check("a", "u1", words(pitch + " https://x.test/1"), T0).duplicateOf, undefined);
  const copy = d.check("b", "u2", words(pitch.toLowerCase() + " https://x.test/2 @someone"), T0 + 1000);
  assert.equal(copy.duplicateOf, "a");
  assert.equal(copy.kind, "exact");
});

test("short texts from different people are not duplicates; from the same person they are", () => {
  const d = new Deduplicator();
  assert.equal(d.check("a", "u1", words("good morning"), T0).duplicateOf, undefined);
  assert.equal(d.check("b", "u2", words("Good morning!"), T0 + 1).duplicateOf, undefined);
  assert.equal(d.check("c", "u1", words("good morning"), T0 + 2).duplicateOf, "a");
});

test("near-duplicates (a word changed) are caught by MinHash; different texts are not", () => {
  const d = new Deduplicator();
  const base = "breaking the river has flooded the old town square and the bridge is closed to traffic tonight";
  d.check("a", "u1", words(base), T0);
  const near = d.check("b", "u2", words(base.replace("tonight", "today")), T0 + 1);
  assert.equal(near.duplicateOf, "a");
  assert.equal(near.kind, "near");
  const other = d.check("c", "u3", words("the council voted to build a new library next to the station this spring"), T0 + 2);
  assert.equal(other.duplicateOf, undefined);
});

test("the same id seen again is not its own duplicate, and entries expire with stream time", () => {
  const d = new Deduplicator({ windowMs: 60_000 });
  const text = words("an announcement long enough to count as a real piece of text");
  d.check("a", "u1", text, T0);
  assert.equal(d.check("a", "u1", text, T0 + 10).duplicateOf, undefined);
  assert.equal(d.check("b", "u2", text, T0 + 120_000).duplicateOf, undefined, "the original left the window");
  assert.ok(d.size >= 1);
});

test("capacity bounds memory", () => {
  const d = new Deduplicator({ capacity: 100 });
  for (let i = 0; i < 1000; i++) d.check(`p${i}`, `u${i}`, words(`unique post number ${i} with several distinct words in it`), T0 + i);
  assert.ok(d.size <= 100);
});

test("minhash estimates word-set similarity", () => {
  const agree = (a: Uint32Array, b: Uint32Array) => a.filter((v, i) => v === b[i]).length / a.length;
  const a = minhash(words("one two three four five six seven eight nine ten"));
  assert.deepEqual(minhash(words("one two three four five six seven eight nine ten")), a);
  assert.ok(agree(a, minhash(words("one two three four five six seven eight nine eleven"))) >= 0.6);
  assert.ok(agree(a, minhash(words("completely different words appear in this text"))) < 0.2);
});
