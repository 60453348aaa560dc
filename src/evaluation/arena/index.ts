export { Arena, type ArenaOptions, type BattleRequest, type BattleStreamEvent, type ImportResult, type LeaderboardRequest } from "./arena.js";
export { ArenaError, type ArenaErrorKind } from "./arena-error.js";
export { ArenaStore } from "./arena-store.js";
export * from "./battle.js";
export { pairWeight, sampleContestants, type SamplingStats } from "./contestant-sampling.js";
export { judgePair, parseVerdict, DEFAULT_JUDGE_INSTRUCTIONS, PAIRWISE_VERDICT_SCHEMA, type JudgePairOptions, type PairwiseVerdict, type OrderVerdict } from "./judge-pair.js";
export { battleFromRow, rowFromBattle, lmarenaRowSchema } from "./lmarena-format.js";
export { runTournament, type TournamentOptions, type TournamentResult } from "./tournament.js";
