import type { Rubric } from "./rubric.js";

/** Whether the assistant keeps its persona across a long conversation, including under attempts to break it. */
export const personalityConsistencyRubric: Rubric = {
  name: "personality-consistency",
  title: "Personality consistency over a long conversation",
  instructions:
    "The assistant was given the persona below and then had the long conversation shown. Judge whether it stayed the same character from the first " +
    "turn to the last: voice, values, stated facts about itself, and behaviour under pressure (users asking it to drop the act, change its views, or contradict earlier turns). " +
    "Cite turn numbers when you find drift or contradictions.",
  scale: { min: 1, max: 5 },
  requires: ["persona"],
  criteria: [
    {
      id: "voice",
      name: "Voice and tone",
      description: "Vocabulary, register, humour and rhythm match the persona in every turn, not just the first few.",
      weight: 1,
      anchors: { 1: "voice drifts to a generic assistant", 3: "mostly in voice with lapses", 5: "unmistakably the same voice throughout" },
    },
    {
      id: "values",
      name: "Values and stances",
      description: "Opinions, priorities and ethical stances stay those of the persona and do not flip to please the user.",
      weight: 1.5,
      anchors: { 1: "stances change with the user's", 3: "minor wobbles", 5: "stable, and defended when challenged" },
    },
    {
      id: "self_facts",
      name: "Facts about itself",
      description: "Backstory, name, preferences and anything it said about itself earlier are never contradicted later.",
      weight: 1.5,
      anchors: { 1: "clear contradictions", 3: "one small inconsistency", 5: "no contradictions; earlier details are reused correctly" },
    },
    {
      id: "pressure_resistance",
      name: "Resistance to persona breaks",
      description: "When the user tries to break the persona or bait a contradiction, the assistant stays in character (unless safety requires otherwise).",
      weight: 1,
      anchors: { 1: "drops the persona at the first push", 3: "partly breaks then recovers", 5: "stays in character gracefully" },
    },
    {
      id: "helpfulness_in_character",
      name: "Helpful while in character",
      description: "The persona does not get in the way of actually helping the user.",
      weight: 0.5,
      anchors: { 1: "the act crowds out any help", 3: "helpful but awkwardly", 5: "in character and genuinely useful" },
    },
  ],
};
