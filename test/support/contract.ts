/**
 * The contract is exact: every reply a test gets from the local runtime is held against the OpenAPI document
 * that runtime serves at `/openapi.json` — the operation (method + path template), a documented status, a
 * documented media type and, for JSON, the body against the response schema (JSON Schema 2020-12, ajv). A
 * reply that does not fit fails the test that received it, naming the operation, status and each mismatch.
 *
 * Paths the document cannot list are held to the one error shape: an unknown path must answer 404 and a known
 * path with another method 405, both with an `Error` body. `/local/*` routes are the local runtime's own
 * (test clients, SMS outbox, jobs) and deliberately not part of the contract.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default import is `module.exports`, whose `.default` is the plugin.
const addFormats = addFormatsModule.default;

type Json = Record<string, any>;

/** What a reply is checked on: the request's method and path (no query), the answer's status, type and body. */
export interface ContractReply {
  method: string;
  path: string;
  status: number;
  contentType: string | null;
  /** The body as text; JSON bodies are parsed for the schema check. `undefined` when it was not read. */
  text: string | undefined;
}

const schemaUri = (name: string) => `urn:zhengzhao:openapi:schema:${encodeURIComponent(name)}`;

/** `#/components/schemas/X` → the id its component was registered under in ajv. */
const relink = (schema: unknown): Json =>
  JSON.parse(
    JSON.stringify(schema).replace(/"#\/components\/schemas\/([^"]+)"/g, (_m, name: string) =>
      JSON.stringify(schemaUri(name)),
    ),
  ) as Json;

const mediaTypeOf = (contentType: string | null): string =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

const templatePattern = (template: string): RegExp =>
  new RegExp(
    `^${template
      .split('/')
      .map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}/?$`,
  );

const describeErrors = (errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? [])
    .slice(0, 20)
    .map(
      (e) =>
        `${e.instancePath || '(body)'} ${e.message ?? e.keyword}${
          e.keyword === 'additionalProperties' ? `: ${JSON.stringify(e.params.additionalProperty)}` : ''
        }${e.keyword === 'enum' || e.keyword === 'const' ? ` ${JSON.stringify(e.params)}` : ''}`,
    );

/** An OpenAPI 3.1 document compiled for checking replies. */
export class Contract {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  private readonly validators = new Map<unknown, ValidateFunction>();
  private readonly templates: Array<{ template: string; pattern: RegExp; literals: number }>;

  constructor(private readonly document: Json) {
    addFormats(this.ajv);
    for (const [name, schema] of Object.entries((document.components?.schemas ?? {}) as Json))
      this.ajv.addSchema({ ...relink(schema), $id: schemaUri(name) });
    this.templates = Object.keys(document.paths ?? {})
      .map((template) => ({
        template,
        pattern: templatePattern(template),
        literals: template.split('/').filter((s) => !s.startsWith('{')).length,
      }))
      // A literal segment wins over a parameter, as in `/v1/cases/{caseId}` vs a literal sibling.
      .sort((a, b) => b.literals - a.literals);
  }

  private validator(schema: unknown): ValidateFunction {
    let validate = this.validators.get(schema);
    if (!validate) {
      validate = this.ajv.compile(relink(schema));
      this.validators.set(schema, validate);
    }
    return validate;
  }

  private checkBody(schema: unknown, text: string | undefined): string[] {
    if (text === undefined) return [];
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [`the body is not JSON: ${JSON.stringify(text.slice(0, 120))}`];
    }
    const validate = this.validator(schema);
    return validate(body) ? [] : describeErrors(validate.errors);
  }

  /** An answer of a path or method the document does not list: 404 / 405 in the error shape. */
  private checkUnlisted(reply: ContractReply, expected: number, why: string): string[] {
    if (reply.status !== expected)
      return [`${why}: expected ${expected} in the error shape, got ${reply.status}`];
    if (mediaTypeOf(reply.contentType) !== 'application/json')
      return [`${why}: the ${expected} is not application/json (${reply.contentType})`];
    return this.checkBody({ $ref: '#/components/schemas/Error' }, reply.text);
  }

  /** Every way the reply departs from the document; `[]` when it fits. */
  mismatches(reply: ContractReply): string[] {
    const path = reply.path.split('?')[0] ?? '';
    const found = this.templates.find((t) => t.pattern.test(path));
    if (!found) return this.checkUnlisted(reply, 404, 'the path is not in the document');
    const method = reply.method.toLowerCase() === 'head' ? 'get' : reply.method.toLowerCase();
    const operation = (this.document.paths[found.template] as Json)[method] as Json | undefined;
    if (!operation)
      return this.checkUnlisted(reply, 405, `${reply.method} is not documented for ${found.template}`);
    const responses = (operation.responses ?? {}) as Json;
    const response = (responses[String(reply.status)] ?? responses[`${String(reply.status)[0]}XX`]) as
      | Json
      | undefined;
    if (!response)
      return [`status ${reply.status} is not documented (documented: ${Object.keys(responses).join(', ')})`];
    const content = response.content as Json | undefined;
    const mediaType = mediaTypeOf(reply.contentType);
    const hasBody = reply.text === undefined ? mediaType !== '' : reply.text.length > 0;
    if (!content) return hasBody ? [`a ${mediaType || 'body'} is returned but none is documented`] : [];
    if (!hasBody && reply.method.toUpperCase() !== 'HEAD') return ['no body, but one is documented'];
    const media = content[mediaType] as Json | undefined;
    if (!media)
      return [
        `media type ${mediaType || '(none)'} is not documented (documented: ${Object.keys(content).join(', ')})`,
      ];
    if (media.schema === undefined || reply.method.toUpperCase() === 'HEAD') return [];
    return this.checkBody(media.schema, reply.text);
  }

  /** Throws an error naming the operation and each mismatch, for the test that got the reply. */
  assertFits(reply: ContractReply): void {
    const problems = this.mismatches(reply);
    if (problems.length === 0) return;
    throw new Error(
      `The reply to ${reply.method} ${reply.path} (${reply.status}) does not fit /openapi.json:\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        (reply.text ? `\n  body: ${reply.text.slice(0, 400)}` : ''),
    );
  }
}

const contracts = new Map<string, Promise<Contract>>();

/** The contract a runtime serves, fetched once per origin. */
export const contractOf = (origin: string): Promise<Contract> => {
  let contract = contracts.get(origin);
  if (!contract) {
    contract = fetch(`${origin}/openapi.json`).then(async (res) => {
      if (res.status !== 200) throw new Error(`${origin}/openapi.json answered ${res.status}`);
      return new Contract((await res.json()) as Json);
    });
    contracts.set(origin, contract);
    // A failed load is not cached: the next reply tries again.
    contract.catch(() => contracts.delete(origin));
  }
  return contract;
};

/**
 * `fetch` for the local runtime's API and pages, checked against its contract. JSON replies are read (from a
 * clone) and validated; the response is returned unread for the caller. `/local/*` is not checked.
 */
export async function contractFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, init);
  const { origin, pathname } = new URL(url);
  if (pathname.startsWith('/local/')) return res;
  const contentType = res.headers.get('content-type');
  const isJson = /^application\/(.+\+)?json/i.test(contentType ?? '');
  const method = (init.method ?? 'GET').toUpperCase();
  const text = isJson && method !== 'HEAD' ? await res.clone().text() : undefined;
  (await contractOf(origin)).assertFits({ method, path: pathname, status: res.status, contentType, text });
  return res;
}
