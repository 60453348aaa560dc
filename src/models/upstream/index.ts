/** Models served by OpenAI-compatible HTTP servers: the model, its replica pool, and the stream normalisers. */
export { OpenAICompatibleModel, discoverUpstreamModels, type OpenAICompatibleModelOptions } from "./openai-compatible-model.js";
export { ReplicaPool, type Replica, type ReplicaLease, type ReplicaOutcome, type ReplicaPoolOptions } from "./replica-pool.js";
export { ThinkTagSplitter, type SplitPiece } from "./think-tag-splitter.js";
export { ToolCallAccumulator } from "./tool-call-accumulator.js";
export { redact } from "./upstream-errors.js";
