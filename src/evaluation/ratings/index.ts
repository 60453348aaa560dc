export * from "./rating-system.js";
export * from "./battle-table.js";
export * from "./style-features.js";
export * from "./online-elo.js";
export { aggregatePairs, fitBradleyTerry, bootstrapBradleyTerry, strengthToElo, recordOf, DEFAULT_L2, type PairwiseData, type BradleyTerryOptions } from "./bradley-terry.js";
export { buildStyleDesign, fitContextualBradleyTerry, bootstrapContextual, type StyleDesign, type ContextualFit } from "./contextual-bradley-terry.js";
export * from "./leaderboard.js";
export { createRng, type Rng } from "./random.js";
