import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { validate, compileErrors } from '@readme/openapi-parser';
import { Validator } from '@seriousme/openapi-schema-validator';
import createClient from 'openapi-fetch';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type OperationName } from '../../src-main/contract';
import { openApiDocument } from '../../src-main/headless/openapi';
import type { paths } from '../generated/hookbay-api';
import { startServe, type ServeProcess } from '../support/serve-process';
import { tempDir } from '../support/temp';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CLIENT_OPTIONS } = require('../../scripts/write-openapi.cjs') as { CLIENT_OPTIONS: { defaultNonNullable: boolean } };

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; parameters?: { name: string; in: string }[]; requestBody?: unknown }>>;
  components: { schemas: Record<string, unknown> };
  servers: { url: string }[];
};
const root = path.join(__dirname, '../..');
const doc = () => structuredClone(openApiDocument()) as Doc;

describe('OpenAPI document', () => {
  it('is valid OpenAPI 3.1 for two independent validators', async () => {
    expect(doc().openapi).toBe('3.1.0');
    const readme = await validate(doc() as never);
    expect(readme.valid, readme.valid ? '' : compileErrors(readme)).toBe(true);
    const seriousme = await new Validator().validate(doc() as never);
    expect(seriousme.errors ?? []).toEqual([]);
    expect(seriousme.valid).toBe(true);
  });

  it('has every contract operation at its route and method, with its path parameters', () => {
    const d = doc();
    for (const name of Object.keys(contract) as OperationName[]) {
      const { method, path: route } = contract[name].http;
      const operation = d.paths[route.replace(/:([a-zA-Z]+)/g, '{$1}')]?.[method.toLowerCase()];
      expect([name, operation?.operationId]).toEqual([name, name]);
      const pathParams = [...route.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]);
      expect(operation!.parameters!.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(pathParams);
    }
    const operationIds = Object.values(d.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(operationIds.sort()).toEqual([...Object.keys(contract), 'events', 'openapi'].sort());
  });

  it('is what the build wrote to docs/openapi.json, and the generated client types match it', async () => {
    const committed = JSON.parse(fs.readFileSync(path.join(root, 'docs/openapi.json'), 'utf8')) as unknown;
    expect(committed, 'docs/openapi.json is stale: run `npm run build` and commit it').toEqual(openApiDocument());
    const types = fs.readFileSync(path.join(root, 'test/generated/hookbay-api.d.ts'), 'utf8');
    const generated = astToString(await openapiTS(doc() as never, CLIENT_OPTIONS));
    expect(types, 'test/generated/hookbay-api.d.ts is stale: run `npm run build`').toContain(generated);
  });

  // The build rewrites both files before the tests run, so the check above alone would pass
  // in CI with a stale commit; what the repository holds is what git has, so ask git.
  const git = spawnSync('git', ['diff', '--quiet', 'HEAD', '--', 'docs/openapi.json', 'test/generated/'], { cwd: root });
  it.skipIf(git.error !== undefined || (git.status !== 0 && git.status !== 1))(
    'is committed as the build wrote it (skipped outside a git checkout)',
    () => {
      expect(git.status, 'docs/openapi.json or test/generated/ differ from the commit: run `npm run build` and commit them').toBe(0);
    },
  );
});

describe('OpenAPI against a running hookbay serve', () => {
  const tmp = tempDir();
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe(tmp.dir);
  });
  afterAll(async () => {
    serve.child.kill('SIGTERM');
    await serve.exited;
    tmp.remove();
  });

  it('serves the document at /api/openapi.json without a token, naming itself as the server', async () => {
    const res = await fetch(`${serve.apiUrl}/api/openapi.json`);
    expect(res.status).toBe(200);
    const served = (await res.json()) as Doc;
    expect(served.servers).toEqual([{ url: serve.apiUrl, description: 'this server' }]);
    expect({ ...served, servers: [] }).toEqual({ ...doc(), servers: [] });
    // The Host check still applies (DNS rebinding), and the rest of the API still needs the token.
    const rebound = await new Promise<number>((resolve, reject) =>
      http.get(`${serve.apiUrl}/api/openapi.json`, { headers: { host: 'evil.example' } }, (r) => resolve(r.resume().statusCode!)).on('error', reject),
    );
    expect(rebound).toBe(403);
    expect((await fetch(`${serve.apiUrl}/api/endpoints`)).status).toBe(401);
  });

  it('drives the API with a client generated from it (openapi-typescript + openapi-fetch)', async () => {
    const client = createClient<paths>({ baseUrl: serve.apiUrl, headers: { Authorization: `Bearer ${serve.token}` } });
    const created = await client.POST('/api/endpoints', { body: { name: 'Shop', slug: 'shop', forward: [{ url: 'http://127.0.0.1:9/hooks' }] } });
    expect(created.response.status).toBe(201);
    expect(created.data?.slug).toBe('shop');

    const sent = await fetch(`${serve.receiverUrl}/shop/orders`, { method: 'POST', body: '{"id":7}', headers: { 'content-type': 'application/json' } });
    expect(sent.status).toBe(200);
    const page = await client.GET('/api/requests', { params: { query: { endpoint: created.data!.id, limit: 10 } } });
    expect(page.data?.items.map((r) => r.path)).toEqual(['/shop/orders']);
    const detail = await client.GET('/api/requests/{id}', { params: { path: { id: page.data!.items[0]!.id } } });
    expect(detail.data?.method).toBe('POST');

    // Errors come back typed too, with the field named.
    const bad = await client.POST('/api/endpoints', { body: { name: '', slug: 'BAD SLUG' } });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.error.issues?.map((i) => i.path).sort()).toEqual(['name', 'slug']);
  });
});
