/**
 * A `Problem` explains why a material (or other submitted item) was rejected:
 * a stable code the client can switch on and a message telling the applicant what to do.
 */
export interface Problem {
  code: string;
  /** Chinese first, then English, separated by " / ". */
  message: string;
}

export const problem = (code: string, zh: string, en: string): Problem => ({
  code,
  message: `${zh} / ${en}`,
});
