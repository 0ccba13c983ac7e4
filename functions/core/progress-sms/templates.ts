/**
 * The texts of the applicant's progress SMS (办件提醒), as data (functions/catalogue/sms-templates), checked at
 * start-up: every event has its texts, each starts with the signature, uses only the placeholders its event
 * fills (the issuance text always carries its link), and the shortest text fits one SMS segment for every
 * item of the catalogue — so a message can never go out with a `{placeholder}` left in it, or split in two
 * because an item's name is long.
 */
import * as z from 'zod';

/** The events the applicant hears about, in the order a case meets them. */
export const PROGRESS_KINDS = [
  'SUBMITTED',
  'DEFERRED_DUE',
  'APPROVED',
  'REJECTED',
  'RETURNED',
  'ISSUED',
] as const;
export type ProgressKind = (typeof PROGRESS_KINDS)[number];

/** What each event may print, and what every one of its texts must print. */
const PLACEHOLDERS: Record<ProgressKind, { allowed: readonly string[]; required: readonly string[] }> = {
  SUBMITTED: { allowed: ['itemName', 'dueDate'], required: [] },
  DEFERRED_DUE: { allowed: ['itemName', 'material', 'dueDate'], required: ['dueDate'] },
  APPROVED: { allowed: ['itemName'], required: [] },
  REJECTED: { allowed: ['itemName'], required: [] },
  RETURNED: { allowed: ['itemName'], required: [] },
  ISSUED: { allowed: ['itemName', 'count', 'url'], required: ['url'] },
};

/** One SMS segment of UCS-2 text (Chinese) holds 70 characters; two concatenated ones 2 × 67. */
export const SMS_SEGMENT = 70;
const TWO_SEGMENTS = 134;
const lengthSchema = z.union([z.literal(SMS_SEGMENT), z.literal(TWO_SEGMENTS)]);

const fileSchema = z
  .object({
    $comment: z.string().optional(),
    signature: z.string().regex(/^【[^】]{2,10}】$/, 'a signature like 【湘证照】'),
    /** Characters a message may take: one segment (70) or two (134), by default and per event. */
    maxLength: z
      .object({
        default: lengthSchema,
        ...Object.fromEntries(PROGRESS_KINDS.map((k) => [k, lengthSchema.optional()])),
      })
      .strict(),
    messages: z
      .object(
        Object.fromEntries(
          PROGRESS_KINDS.map((k) => [k, z.array(z.string().min(1).max(300)).min(1).max(6)]),
        ) as Record<ProgressKind, z.ZodArray<z.ZodString>>,
      )
      .strict(),
  })
  .strict();

/** The validated templates. */
export interface ProgressTemplates {
  signature: string;
  /** Characters each event's message may take (70: one segment; 134: two). */
  maxLength: Readonly<Record<ProgressKind, number>>;
  messages: Readonly<Record<ProgressKind, readonly string[]>>;
}

/** Thrown at start-up; the message lists every problem as `file /json/pointer: message`. */
export class ProgressTemplateError extends Error {
  constructor(
    file: string,
    readonly problems: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(
      `短信模板无效 / invalid SMS templates (${problems.length}):\n${problems
        .map((p) => `  ${file} ${p.path}: ${p.message}`)
        .join('\n')}`,
    );
    this.name = 'ProgressTemplateError';
  }
}

/** What the load-time check fills the placeholders with to measure the longest message. */
export interface TemplateCheckContext {
  /** Every catalogue item's Chinese name. */
  itemNames: readonly string[];
  /** The link a real message carries (`${PUBLIC_BASE_URL}/s/` + a 22-character token). */
  sampleUrl: string;
}

const placeholdersOf = (text: string) => [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');

/** Fill `{name}` placeholders; unknown ones stay (the load-time check makes sure there are none). */
export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The most informative text of `kind` that fits its length once filled, else the last (shortest). */
export function renderProgressSms(
  templates: ProgressTemplates,
  kind: ProgressKind,
  values: Record<string, string>,
): string {
  const texts = templates.messages[kind].map((t) => fillTemplate(t, values));
  const limit = templates.maxLength[kind];
  return texts.find((t) => [...t].length <= limit) ?? (texts.at(-1) as string);
}

function textProblems(
  kind: ProgressKind,
  text: string,
  path: string,
  signature: string,
): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  if (!text.startsWith(signature)) problems.push({ path, message: `must start with ${signature}` });
  // Braces only as whole placeholders: a lone `{` or `}` would print as is.
  if (text.replace(/\{[A-Za-z]+\}/g, '').match(/[{}]/))
    problems.push({ path, message: 'a brace outside a {placeholder}' });
  const used = placeholdersOf(text);
  for (const name of used) {
    if (!PLACEHOLDERS[kind].allowed.includes(name))
      problems.push({
        path,
        message: `{${name}} is not filled for ${kind} (allowed: ${PLACEHOLDERS[kind].allowed.join(', ')})`,
      });
  }
  for (const name of PLACEHOLDERS[kind].required) {
    if (!used.includes(name)) problems.push({ path, message: `every ${kind} text needs {${name}}` });
  }
  return problems;
}

/** The shortest text of `kind`, filled with the longest values, must fit the event's length. */
function lengthProblems(
  kind: ProgressKind,
  texts: readonly string[],
  limit: number,
  context: TemplateCheckContext,
): Array<{ path: string; message: string }> {
  const length = (text: string) => [...text].length;
  const longest = (values: readonly string[]) => values.reduce((a, b) => (length(b) > length(a) ? b : a), '');
  const worst = {
    itemName: longest(context.itemNames),
    dueDate: '2099-12-31',
    // Material names are not bounded by the catalogue's items: the shortest text must not need one.
    material: '',
    count: '100',
    url: context.sampleUrl,
  };
  const last = texts.at(-1) ?? '';
  if (placeholdersOf(last).includes('material'))
    return [
      {
        path: `/messages/${kind}/${texts.length - 1}`,
        message: 'the shortest text must not need {material}',
      },
    ];
  const filled = fillTemplate(last, worst);
  return [...filled].length > limit
    ? [
        {
          path: `/messages/${kind}/${texts.length - 1}`,
          message: `the shortest text is ${[...filled].length} characters with the longest item name (${worst.itemName}); the limit is ${limit}`,
        },
      ]
    : [];
}

/** Validate the template file; throws `ProgressTemplateError` listing every problem. */
export function loadProgressTemplates(
  source: { file: string; content: unknown },
  context: TemplateCheckContext,
): ProgressTemplates {
  const parsed = fileSchema.safeParse(source.content);
  if (!parsed.success) {
    throw new ProgressTemplateError(
      source.file,
      parsed.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message })),
    );
  }
  const { signature, messages } = parsed.data;
  const maxLength = Object.fromEntries(
    PROGRESS_KINDS.map((k) => [
      k,
      (parsed.data.maxLength as Partial<Record<ProgressKind, number>>)[k] ?? parsed.data.maxLength.default,
    ]),
  ) as Record<ProgressKind, number>;
  const problems = PROGRESS_KINDS.flatMap((kind) => [
    ...messages[kind].flatMap((text, i) => textProblems(kind, text, `/messages/${kind}/${i}`, signature)),
    ...lengthProblems(kind, messages[kind], maxLength[kind], context),
  ]);
  if (problems.length > 0) throw new ProgressTemplateError(source.file, problems);
  return Object.freeze({
    signature,
    maxLength: Object.freeze(maxLength),
    messages: Object.freeze(
      Object.fromEntries(PROGRESS_KINDS.map((k) => [k, Object.freeze([...messages[k]])])) as Record<
        ProgressKind,
        readonly string[]
      >,
    ),
  });
}
