/**
 * Failures the arena reports to its callers. `kind` says which HTTP status the API maps it to, so the
 * evaluation area never imports the server.
 */
export type ArenaErrorKind = "invalid" | "not_found" | "conflict" | "unavailable" | "judge_output";

export class ArenaError extends Error {
  constructor(
    readonly kind: ArenaErrorKind,
    message: string,
    /** The request field at fault, for 400s */
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = "ArenaError";
  }
}
