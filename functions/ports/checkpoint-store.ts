/**
 * Signed checkpoints of the audit chain head. A checkpoint says "at `at`, entry `seq` of chain `chain` had
 * hash `head`", signed with the seal key, so a copy of the log can later be checked offline against it.
 */

/** One signed statement about the chain head. */
export interface Checkpoint {
  /** The audited chain (`main`). */
  chain: string;
  /** The seq of the head entry this checkpoint covers; at most one checkpoint per seq. */
  seq: number;
  /** That entry's hash (lower-case hex SHA-256). */
  head: string;
  /** When it was signed, ISO 8601 UTC. */
  at: string;
  /** The KMS key (id, ARN or alias) that signed it; informative only, the seal certificate is what verifies. */
  keyId: string;
  /** The SealSigner algorithm, e.g. `RSASSA_PKCS1_V1_5_SHA_256`. */
  algorithm: string;
  /** Base64 signature over SHA-256(canonicalJson({chain, seq, head, at})). */
  signature: string;
}

/** Which checkpoints to list. */
export interface CheckpointListOptions {
  /** Only checkpoints with a seq greater than this, ascending. Without it: the newest `limit`, ascending. */
  afterSeq?: number;
  /** At most this many. */
  limit: number;
}

/** Storage of checkpoints (the Audit table, partition `checkpoint#<chain>`, in both runtimes). */
export interface CheckpointStore {
  /** Store a checkpoint unless one already covers its seq; true when this call stored it. */
  put(checkpoint: Checkpoint): Promise<boolean>;
  /** The checkpoint with the highest seq, or `undefined` when none exists. */
  latest(): Promise<Checkpoint | undefined>;
  /** Checkpoints in ascending seq (see `CheckpointListOptions`). */
  list(options: CheckpointListOptions): Promise<Checkpoint[]>;
}
