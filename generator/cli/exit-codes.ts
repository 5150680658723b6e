/** Documented exit codes (README "CLI"). */
export const EXIT = {
  ok: 0,
  /** The fleet config or the environment has a problem the user can fix; the message says what. */
  userError: 1,
  /** Bad command-line arguments. */
  usage: 2,
  /** `generate --check`: the committed output is stale. */
  stale: 3,
  /** A deletion guard refused the change: Applications or objects that hold data (use --allow-deletions). */
  deletionsRefused: 4,
  /** A promotion gate (soak, health) refused the promotion. */
  gateRefused: 5,
  /** A bug in Flotilla. */
  internal: 70,
} as const;
