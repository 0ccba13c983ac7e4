/** Keyed, non-enumerable lookup key of a holder's identity number (HMAC under a deployment-managed key). */
export interface HolderKeys {
  /** Same input → same key; `idType` is the GB/T 36903 code ('111' person ID, '001' credit code). */
  holderKey(identity: { idType: string; idNumber: string }): Promise<string>;
}
