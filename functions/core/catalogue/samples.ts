/**
 * Samples (样表) of service items: a filled form and the issuing request's entries, published at
 * `GET /v1/service-items/{code}/sample` for integrators to start from. At catalogue load each sample goes
 * through the very checks a case goes through — intake's (`assertPrintable`, `assertFormFits`: schema and
 * cross-field rules) and issuance's (`planLicences`: derived fields against `fieldsSchema`, validity, the
 * characters a licence can print) — so a sample can never pass here and fail at intake or issuance.
 *
 * Dates in a sample are written relative to the day (`$today+7`), because rules compare dates with the day.
 * A sample is checked on two days a century apart, each with its dates resolved on that day: every rule and
 * issuance check compares dates that move together, or a fixed date with the day (which moves one way), so
 * a sample that holds on both days holds on every day between — a fixed date that will go stale is refused now.
 */
import { assertFormFits, assertPrintable } from '../cases/form-checks.js';
import type { CaseRecord } from '../cases/model.js';
import { planLicences } from '../certificates/plan.js';
import { isDomainError } from '../errors.js';
import type { GlyphCoverage } from '../licence/printable.js';
import { isoShanghaiDate } from '../licence/render/format.js';
import type { Catalogue } from './catalogue.js';
import type { ServiceItem, ServiceItemSample } from './types.js';

/** `$today`, `$today+N`, `$today-N`: a calendar day N days from the day of use (Asia/Shanghai). */
const RELATIVE_DATE = /^\$today(?:([+-])(\d{1,5}))?$/;

/**
 * The first and last day a sample is checked on when the catalogue loads (instants at 12:00 Beijing time).
 * Every shipped licence type fits between them, however long its validity.
 */
export const SAMPLE_CHECK_DAYS: readonly Date[] = [
  new Date('2000-01-01T04:00:00Z'),
  new Date('2099-12-31T04:00:00Z'),
];

/**
 * Who the sample case is filed by when a licence names the applicant (no `holderFromForm`): a fictitious
 * person (the GB 11643 example number); not published — the sample endpoint gives form and certificates only.
 */
const SAMPLE_APPLICANT: CaseRecord['applicant'] = {
  name: '张三丰',
  idNumber: '11010519491231002X',
  mobile: '13800138000',
};

const addDays = (isoDate: string, days: number): string =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The sample with every relative date resolved on the Asia/Shanghai calendar day of `now`. */
export function resolveSample(sample: ServiceItemSample, now: Date): ServiceItemSample {
  const today = isoShanghaiDate(now);
  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const match = RELATIVE_DATE.exec(value);
      if (!match) return value;
      const days = Number(match[2] ?? 0);
      return addDays(today, match[1] === '-' ? -days : days);
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    }
    return value;
  };
  return resolve(sample) as ServiceItemSample;
}

/** One problem of a sample, at a JSON pointer inside the item's file. */
export interface SampleProblem {
  path: string;
  message: string;
}

/** Options of `checkSample`. */
export interface SampleCheckOptions {
  /** The code points the licence fonts can draw; without it only controls and lone surrogates are refused. */
  glyphs?: GlyphCoverage;
  /** Days to check on besides `SAMPLE_CHECK_DAYS` (the composition adds the day it starts). */
  alsoOn?: readonly Date[];
}

/** Every refusal intake or issuance would give the sample, on any of the check days; `[]` = it passes. */
export function checkSample(
  catalogue: Catalogue,
  item: ServiceItem,
  sample: ServiceItemSample,
  options: SampleCheckOptions = {},
): SampleProblem[] {
  const problems = new Map<string, SampleProblem>();
  for (const day of [...SAMPLE_CHECK_DAYS, ...(options.alsoOn ?? [])]) {
    const resolved = resolveSample(sample, day);
    for (const problem of refusalsOn(catalogue, item, resolved, day, options.glyphs)) {
      const key = `${problem.path}\u0000${problem.message}`;
      if (!problems.has(key)) {
        problems.set(key, {
          path: problem.path,
          message: `${problem.message} (sample checked as on ${isoShanghaiDate(day)})`,
        });
      }
    }
  }
  return [...problems.values()];
}

/** `checkSample` of every item, each problem naming the item's file. */
export function checkSamples(
  catalogue: Catalogue,
  samples: ReadonlyArray<{ file: string; item: ServiceItem; sample: ServiceItemSample }>,
  options: SampleCheckOptions = {},
): Array<SampleProblem & { file: string }> {
  return samples.flatMap(({ file, item, sample }) =>
    checkSample(catalogue, item, sample, options).map((problem) => ({ file, ...problem })),
  );
}

/** Runs intake's and then issuance's checks on a resolved sample, as a case created and issued on `now`. */
function refusalsOn(
  catalogue: Catalogue,
  item: ServiceItem,
  sample: ServiceItemSample,
  now: Date,
  glyphs: GlyphCoverage | undefined,
): SampleProblem[] {
  try {
    assertPrintable({ '/form': sample.form }, glyphs);
  } catch (error) {
    return describeRefusal(error, '/sample');
  }
  try {
    assertFormFits(catalogue, item.code, sample.form, now);
  } catch (error) {
    return describeRefusal(error, '/sample/form');
  }
  const record = { applicant: SAMPLE_APPLICANT, form: sample.form } as CaseRecord;
  try {
    planLicences(catalogue, item, record, { certificates: sample.certificates }, now, glyphs);
  } catch (error) {
    return describeRefusal(error, '/sample');
  }
  return [];
}

/** A refusal as problems: one per failure it lists (pointers made relative to the file), else one. */
function describeRefusal(error: unknown, prefix: string): SampleProblem[] {
  if (!isDomainError(error)) throw error;
  const failures = error.details?.failures;
  if (Array.isArray(failures) && failures.length > 0) {
    return failures.map((failure: { path?: unknown; message?: unknown; codePoint?: unknown }) => ({
      path: `${prefix}${typeof failure.path === 'string' ? failure.path : ''}`,
      message: `${error.code}: ${String(failure.message ?? failure.codePoint ?? error.message)}`,
    }));
  }
  const index = error.details?.index;
  return [
    {
      path: typeof index === 'number' ? `${prefix}/certificates/${index}` : prefix,
      message: `${error.code}: ${error.message}`,
    },
  ];
}
