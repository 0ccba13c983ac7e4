/** The audit chain's pure parts: canonical JSON, entry hashes, chain extension and verification. */
export { canonicalJson } from './canonical-json.js';
export { type ChainVerifier, createChainVerifier, isIsoInstant, verifyEntries } from './chain-verifier.js';
export { GENESIS_HASH, hashEntry, type UnhashedAuditEntry } from './entry-hash.js';
export {
  AuditContentionError,
  InvalidAuditInputError,
  NotJsonError,
  PersonalDataInAuditError,
} from './errors.js';
export {
  type ChainHead,
  extendChain,
  MAX_BATCH,
  MAX_DETAILS_BYTES,
  MAX_LABEL_LENGTH,
} from './extend-chain.js';
export {
  assertNoPersonalData,
  containsPersonalData,
  findPersonalData,
  isMainlandIdNumber,
} from './personal-data.js';
