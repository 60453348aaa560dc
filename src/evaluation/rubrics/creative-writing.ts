import type { Rubric } from "./rubric.js";

/** Creative writing: judged as an editor would, with clichés and purple prose penalised explicitly. */
export const creativeWritingRubric: Rubric = {
  name: "creative-writing",
  title: "Creative writing",
  instructions:
    "The prompt asks for a piece of creative writing (story, poem, scene, letter...). Judge the piece as a demanding editor would. " +
    "Reward specific, surprising and earned choices; penalise cliché, purple prose, telling instead of showing, and ignoring the prompt's constraints.",
  scale: { min: 1, max: 5 },
  criteria: [
    {
      id: "prompt_adherence",
      name: "Prompt adherence",
      description: "Does the piece do what was asked: form, length, point of view, required elements, tone?",
      weight: 1,
      anchors: { 1: "ignores or contradicts the request", 3: "meets the main request but misses a constraint", 5: "honours every constraint, including implicit ones" },
    },
    {
      id: "originality",
      name: "Originality",
      description: "Fresh ideas, images and turns rather than the most predictable take on the prompt.",
      weight: 1.5,
      anchors: { 1: "the first idea anyone would have, stock phrases", 3: "competent with some fresh touches", 5: "surprising yet inevitable; images the reader has not seen before" },
    },
    {
      id: "craft",
      name: "Prose and craft",
      description: "Sentence-level quality: rhythm, precise diction, showing not telling, control of tone; no purple prose or filler.",
      weight: 1.5,
      anchors: { 1: "clumsy, overwritten or flat", 3: "clean and readable, occasionally generic", 5: "every sentence earns its place; distinctive voice" },
    },
    {
      id: "structure",
      name: "Structure and pacing",
      description: "A shape that serves the piece: a beginning that hooks, development, an ending that lands (for poems: form and line breaks that mean something).",
      weight: 1,
      anchors: { 1: "meanders or stops abruptly", 3: "coherent arc with uneven pacing", 5: "tight structure; the ending reframes what came before" },
    },
    {
      id: "emotional_impact",
      name: "Emotional impact",
      description: "Does the piece make the reader feel something through specifics rather than by naming emotions?",
      weight: 1,
      anchors: { 1: "emotions only stated, or none", 3: "moments of real feeling", 5: "moving or delightful through concrete detail" },
    },
    {
      id: "cliche",
      name: "Cliché and purple prose",
      description: "Stock phrases ('a testament to', 'tapestry of', 'shivers down the spine'), forced moralising endings, overwrought adjectives.",
      weight: 1,
      negative: true,
      anchors: { 1: "none", 3: "a few stock phrases or a tacked-on moral", 5: "pervasive" },
    },
  ],
};
