/**
 * The lookup key of a licence's holder (持证主体). Licences are found by holder through a keyed hash of the
 * holder's document number (`HolderKeys`), never by the number itself: the ledger's `byHolder` index holds
 * only keys, which nobody without the deployment's key can compute from a list of candidate numbers.
 */
import type { HolderKeys } from '../../ports/holder-keys.js';
import { CREDIT_CODE_TYPE, holderTypeOf, RESIDENT_ID_TYPE } from './holder.js';
import type { Holder } from './model.js';

/** A holder's identity as the key covers it: document type code and number. */
export interface HolderIdentity {
  idType: string;
  idNumber: string;
}

/**
 * The number as keyed: without surrounding blanks, letters upper-case (the resident ID's check character
 * `x`/`X`, the credit code's letters), so every way of writing one number gives one key.
 */
export const normaliseIdNumber = (idNumber: string): string => idNumber.trim().toUpperCase();

/**
 * The identity a holder record is keyed by; none without a document number. Records from before typed
 * holders are persons with a resident ID (`holderTypeOf`).
 */
export function holderIdentityOf(holder: Holder): HolderIdentity | undefined {
  const idNumber = holder.idNumber === undefined ? '' : normaliseIdNumber(holder.idNumber);
  if (idNumber === '') return undefined;
  const idType =
    holder.idType ?? (holderTypeOf(holder) === 'ORGANIZATION' ? CREDIT_CODE_TYPE : RESIDENT_ID_TYPE);
  return { idType, idNumber };
}

/** The lookup key of a licence's holder, or undefined for a holder without a document number. */
export async function holderKeyOf(keys: HolderKeys, holder: Holder): Promise<string | undefined> {
  const identity = holderIdentityOf(holder);
  return identity ? keys.holderKey(identity) : undefined;
}
