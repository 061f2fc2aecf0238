/**
 * OpenAPI 3.1 for the HTTP transport, generated from the contract (never written by hand):
 * served at GET /api/openapi.json and written to docs/openapi.json by `npm run build`.
 *
 * Schemas come from zod 4's own JSON Schema output (draft 2020-12, the dialect OpenAPI 3.1
 * uses). Every zod schema the contract module exports becomes a named component (so generated
 * clients get `Endpoint`, `RequestDetail`, … types); each operation's own input and output
 * objects are inlined into it: GET/DELETE inputs as query parameters (repeated keys are arrays,
 * as the server reads them), other inputs as the JSON body, `:name` segments as path parameters.
 */
import { z } from 'zod';
import * as contractModule from '../contract';
import { contract, type OperationName } from '../contract';
import { VERSION } from '../core/version';

type Json = Record<string, unknown>;
type Io = 'input' | 'output';

const COMPONENT_PREFIX = '#/components/schemas/';

/** What the API answers besides the operation's own result; each carries `{ error: ApiError }`. */
const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Invalid input: `error.issues` names each bad field.',
  '401': 'Missing or wrong API token.',
  '403': 'Foreign Host (DNS rebinding) or Origin (CSRF) header.',
  '404': 'No such route or object.',
  '409': 'Conflict, e.g. a slug that is taken.',
  '413': 'The JSON body is too large.',
  '415': 'The body is not application/json.',
  '500': 'Unexpected failure; the message names the log file that has the details.',
  '503': 'Storage is unavailable (disk full, read-only); retry later.',
};

/** Answers only a call with a JSON body can get. */
const BODY_ONLY = new Set(['413', '415']);

/** The contract module's exported zod schemas, by export name. */
function namedSchemas(): [string, z.ZodType][] {
  const out: [string, z.ZodType][] = [];
  for (const [name, value] of Object.entries(contractModule) as [string, unknown][]) if (value instanceof z.ZodType) out.push([name, value]);
  return out;
}

/**
 * One JSON Schema conversion per direction (zod renders defaults, coercions and transforms
 * differently for what a client sends and what it gets back). An operation's root schema comes
 * back expanded (its own component's body when it is a named one) with everything named inside
 * it as a $ref.
 */
function convert(
  io: Io,
  roots: Map<OperationName, z.ZodType>,
  rename: (name: string) => string,
): { components: Record<string, Json>; root: (op: OperationName) => Json; schemaOf: (op: OperationName) => Json } {
  const registry = z.registry<{ id: string }>();
  for (const [name, schema] of namedSchemas()) registry.add(schema, { id: rename(name) });
  const rootId = (op: OperationName) => `__${io}_${op}`;
  for (const [op, schema] of roots) if (!registry.has(schema)) registry.add(schema, { id: rootId(op) });
  const { schemas } = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    cycles: 'ref',
    reused: 'inline',
    uri: (id) => `${COMPONENT_PREFIX}${id}`,
  });
  const clean = (s: Json): Json => {
    const { $schema: _schema, $id: _id, ...rest } = s;
    return rest;
  };
  const components: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(schemas)) if (!id.startsWith('__')) components[id] = clean(schema as Json);
  const idOf = (op: OperationName) => registry.get(roots.get(op)!)!.id;
  const root = (op: OperationName): Json => {
    const id = idOf(op);
    return structuredClone(id.startsWith('__') ? clean(schemas[id] as Json) : components[id]!);
  };
  /** A $ref when the root is a named component (generated clients then name the type). */
  const schemaOf = (op: OperationName): Json => (idOf(op).startsWith('__') ? root(op) : { $ref: `${COMPONENT_PREFIX}${idOf(op)}` });
  return { components, root, schemaOf };
}

const pathParamsOf = (path: string) => [...path.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]!);

function parametersOf(input: Json, pathParams: string[], inQuery: boolean): Json[] {
  const properties = (input.properties ?? {}) as Record<string, Json>;
  const required = new Set((input.required ?? []) as string[]);
  const params: Json[] = pathParams.map((name) => ({ name, in: 'path', required: true, schema: properties[name] ?? { type: 'string' } }));
  if (!inQuery) return params;
  for (const [name, schema] of Object.entries(properties)) {
    if (pathParams.includes(name)) continue;
    const { description, ...rest } = schema;
    params.push({ name, in: 'query', required: required.has(name), schema: rest, ...(description ? { description } : {}) });
  }
  return params;
}

/** The JSON body: the input object without its path parameters; none when nothing is left. */
function bodyOf(input: Json, pathParams: string[]): Json | null {
  if (typeof input.$ref === 'string') return { required: true, content: { 'application/json': { schema: input } } };
  const properties = { ...((input.properties ?? {}) as Record<string, Json>) };
  for (const p of pathParams) delete properties[p];
  if (Object.keys(properties).length === 0 && input.additionalProperties !== true) return null;
  const required = ((input.required ?? []) as string[]).filter((r) => !pathParams.includes(r));
  const schema: Json = { ...input, properties, ...(required.length ? { required } : {}) };
  if (!required.length) delete schema.required;
  return { required: required.length > 0, content: { 'application/json': { schema } } };
}

const tagOf = (path: string) => path.split('/')[2] ?? 'api';

/** Every `$ref` target reachable from `value`, following components transitively. */
function referencedComponents(value: unknown, components: Record<string, Json>): Set<string> {
  const seen = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    for (const [k, child] of Object.entries(v)) {
      if (k === '$ref' && typeof child === 'string' && child.startsWith(COMPONENT_PREFIX)) {
        const name = child.slice(COMPONENT_PREFIX.length);
        if (!seen.has(name) && components[name]) {
          seen.add(name);
          walk(components[name]);
        }
      } else walk(child);
    }
  };
  walk(value);
  return seen;
}

/** Components no operation returns but clients need: the SSE payload and the error body. */
const EXTRA_ROOTS: Json[] = [{ $ref: `${COMPONENT_PREFIX}HookbayEvent` }, { $ref: `${COMPONENT_PREFIX}ApiError` }];

let cached: Json | null = null;

/** The OpenAPI 3.1 document of the headless API (computed once; it depends only on the code). */
export function openApiDocument(): Json {
  if (cached) return cached;
  const names = Object.keys(contract) as OperationName[];
  const output = convert('output', new Map(names.map((n) => [n, contract[n].output])), (n) => n);
  const outputRoots = [...names.map((n) => output.schemaOf(n)), ...EXTRA_ROOTS];
  const usedByOutputs = referencedComponents(outputRoots, output.components);
  const inputRoots = new Map(names.map((n) => [n, contract[n].input]));
  const asNamed = convert('input', inputRoots, (n) => n);
  const usedByInputs = referencedComponents(
    names.flatMap((n) => [asNamed.root(n), asNamed.schemaOf(n)]),
    asNamed.components,
  );
  // A schema used on both sides that reads differently as input (defaults become optional,
  // coercions widen) gets an input component of its own; identical ones are shared.
  const split = new Set(
    [...usedByInputs].filter((n) => usedByOutputs.has(n) && JSON.stringify(asNamed.components[n]) !== JSON.stringify(output.components[n])),
  );
  for (const n of split) {
    if (usedByInputs.has(`${n}Input`)) throw new Error(`OpenAPI: the input form of ${n} would collide with the contract's ${n}Input`);
  }
  const input = split.size === 0 ? asNamed : convert('input', inputRoots, (n) => (split.has(n) ? `${n}Input` : n));

  const paths: Record<string, Record<string, Json>> = {};
  for (const name of names) {
    const op = contract[name];
    const pathParams = pathParamsOf(op.http.path);
    const inQuery = op.http.method === 'GET' || op.http.method === 'DELETE';
    const inputSchema = input.root(name);
    const body = inQuery ? null : pathParams.length === 0 ? bodyOf(input.schemaOf(name), []) : bodyOf(inputSchema, pathParams);
    const status = String(op.http.status ?? 200);
    const path = op.http.path.replace(/:([a-zA-Z]+)/g, '{$1}');
    (paths[path] ??= {})[op.http.method.toLowerCase()] = {
      operationId: name,
      summary: op.summary,
      tags: [tagOf(op.http.path)],
      parameters: parametersOf(inputSchema, pathParams, inQuery),
      ...(body ? { requestBody: body } : {}),
      responses: {
        [status]: { description: 'OK', content: { 'application/json': { schema: output.schemaOf(name) } } },
        ...Object.fromEntries(
          Object.keys(ERROR_RESPONSES)
            .filter((code) => !inQuery || !BODY_ONLY.has(code))
            .map((code) => [code, { $ref: `#/components/responses/Error${code}` }]),
        ),
      },
    };
  }
  paths['/api/events'] = {
    get: {
      operationId: 'events',
      summary: 'Server-sent events: one `data:` line per HookbayEvent (JSON); the token may be given as `?token=` (EventSource cannot set headers).',
      tags: ['events'],
      parameters: [{ name: 'token', in: 'query', required: false, schema: { type: 'string' } }],
      responses: {
        '200': { description: 'An event stream of HookbayEvent objects.', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        '401': { $ref: '#/components/responses/Error401' },
      },
    },
  };
  paths['/api/openapi.json'] = {
    get: {
      operationId: 'openapi',
      summary: 'This document (no token needed).',
      tags: ['meta'],
      security: [],
      responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  };

  const all = { ...input.components, ...Object.fromEntries([...usedByOutputs].map((n) => [n, output.components[n]!])) };
  const used = referencedComponents([paths, ...EXTRA_ROOTS], all);
  const schemas = Object.fromEntries([...used].sort().map((n) => [n, all[n]!]));
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Hookbay API',
      version: VERSION,
      description:
        'The contract the Hookbay inspector uses, served by `hookbay serve` on loopback. Every call needs `Authorization: Bearer <token>` ' +
        '(the token is in `<data>/api-token` and in the Inspector URL `hookbay serve` prints). Generated from src-main/contract.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:8788', description: 'hookbay serve (default --ui-port)' }],
    security: [{ bearer: [] }],
    tags: [...new Set(Object.values(paths).flatMap((p) => Object.values(p).flatMap((o) => o.tags as string[])))].sort().map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The API token.' } },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([code, description]) => [
          `Error${code}`,
          {
            description,
            content: {
              'application/json': {
                schema: { type: 'object', properties: { error: { $ref: `${COMPONENT_PREFIX}ApiError` } }, required: ['error'] },
              },
            },
          },
        ]),
      ),
      schemas,
    },
  };
  return cached;
}
