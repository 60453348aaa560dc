import type { Rubric } from "./rubric.js";

/** General helpfulness: did the user get what they needed, correctly and efficiently. */
export const helpfulnessRubric: Rubric = {
  name: "helpfulness",
  title: "Helpfulness",
  instructions:
    "Judge how well the answer serves the user who wrote the prompt: correct, complete for their actual need, clear, and no longer than it needs to be. " +
    "Unnecessary refusals, moralising and padding make an answer less helpful.",
  scale: { min: 1, max: 5 },
  criteria: [
    {
      id: "correctness",
      name: "Correctness",
      description: "The information, code or reasoning is right.",
      weight: 2,
      anchors: { 1: "wrong or misleading", 3: "mostly right with errors that matter little", 5: "fully correct" },
    },
    {
      id: "completeness",
      name: "Completeness",
      description: "Covers what the user needs, including the obvious next question, without going off-topic.",
      weight: 1.5,
      anchors: { 1: "misses the core need", 3: "covers the core need only", 5: "anticipates what the user needs next" },
    },
    {
      id: "clarity",
      name: "Clarity",
      description: "Easy to follow; structure and formatting help rather than decorate.",
      weight: 1,
      anchors: { 1: "confusing", 3: "understandable with effort", 5: "crisp and well organised" },
    },
    {
      id: "concision",
      name: "Concision",
      description: "No padding, repetition, needless caveats or moralising.",
      weight: 0.5,
      anchors: { 1: "bloated", 3: "some filler", 5: "every sentence is useful" },
    },
    {
      id: "unwarranted_refusal",
      name: "Unwarranted refusal or hedging",
      description: "Refusing, deflecting or heavily hedging a reasonable request.",
      weight: 1,
      negative: true,
      anchors: { 1: "none", 3: "needless caveats", 5: "refuses a reasonable request" },
    },
  ],
};
