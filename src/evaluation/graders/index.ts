export * from "./grader.js";
export * from "./judge-call.js";
export * from "./judge-stats.js";
export * from "./model-family.js";
export * from "./factscore.js";
export * from "./bm25.js";
export { splitClaims } from "./claim-splitter.js";
