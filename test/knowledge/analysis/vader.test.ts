import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { vaderCompound } from "../../../src/knowledge/analysis/vader.js";
import { scoreSentiment, sentimentLabel } from "../../../src/knowledge/analysis/sentiment.js";

const reference = createRequire(import.meta.url)("vader-sentiment") as {
  SentimentIntensityAnalyzer: { polarity_scores(t: string): { compound: number } };
};

const CORPUS = [
  "The new bridge opening today is wonderful, great news for the city! #infrastructure",
  "Terrible decision by the council, this is a disaster and nobody wants it",
  "Just had lunch with friends at the park, weather is ok I guess",
  "I don't love this, but it's not the worst!!",
  "The movie was kind of good?? Not GREAT though.",
  "at least it's not horrible",
  "never so happy",
  "This is the shit!",
  "VERY bad, extremely BAD weather",
  "meh :) :-( lol",
  "He is not at all the least bit funny.",
  "Yeah right, great job...",
  "I'm sooo happy!!!!",
  "'good' \"bad\" (nice) -awful- great!!! sad??",
  "Today SUX!",
  "Not bad at all",
  "The book was only kind of good.",
  "the plot was good, but the characters are uncompelling and the dialog is not great.",
  "Make sure you :) or :D today!",
  "hardly a success, barely working",
  "What a kiss of death for the project",
  "I never this much loved a bad ass movie",
  "",
  "!!!",
];

test("our VADER gives the reference package's compound score on every sentence", () => {
  for (const t of CORPUS) assert.equal(vaderCompound(t), reference.SentimentIntensityAnalyzer.polarity_scores(t).compound, t);
});

test("languages VADER cannot score are unscored, never guessed", () => {
  assert.equal(scoreSentiment("Das ist eine wunderbare Nachricht", "de"), null);
  assert.equal(scoreSentiment("great news", "und"), null);
  assert.ok(scoreSentiment("great news", "en-US")! > 0.5);
  assert.ok(scoreSentiment("awful, horrible news https://t.test/x", "en")! < -0.5);
  assert.equal(sentimentLabel(0.01), "neutral");
  assert.equal(sentimentLabel(-0.2), "negative");
});
