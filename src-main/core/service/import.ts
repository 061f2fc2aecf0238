import type { ParsedInputOf } from '../../contract';
import { ImportHarInput } from '../../contract/relay';
import { invalidInput } from '../../contract/common';
import { HookbayError, notFound } from '../errors';
import { fromHar, HarFormatError, type ImportedRequest } from '../transfer/har';
import { readHar, storeImported } from '../transfer/import';
import { parseInSlices } from '../transfer/json-slices';
import type { CoreContext } from './context';

type ImportContext = Pick<CoreContext, 'endpoints' | 'writer' | 'events'>;
type Imported = { imported: number; ids: number[] };

/** Progress events at most this often, and always at the end. */
const PROGRESS_MS = 250;

const badHar = (err: unknown): unknown =>
  err instanceof HarFormatError ? new HookbayError('invalid_input', err.message, [{ path: err.path ? `har.${err.path}` : 'har', message: err.message }]) : err;

/** Stores read entries under the chosen endpoint (or each path's), reporting `job.progress`. */
async function store(app: ImportContext, imported: readonly ImportedRequest[], endpointKey: string | undefined): Promise<Imported> {
  const chosen = endpointKey ? app.endpoints.byIdOrSlug(endpointKey) : null;
  if (chosen === undefined) throw notFound(`Endpoint ${endpointKey}`);
  let last = 0;
  const ids = await storeImported(app, imported, chosen, (done, total) => {
    if (done < total && Date.now() - last < PROGRESS_MS) return;
    last = Date.now();
    app.events.emit({ type: 'job.progress', job: 'import', ...(chosen ? { endpointId: chosen.id } : {}), done, total });
  });
  return { imported: ids.length, ids };
}

/** `importHar` with parsed input (IPC, or a small HTTP body): entries read in slices, then stored in slices. */
export async function importHar(app: ImportContext, input: ParsedInputOf<'importHar'>): Promise<Imported> {
  let imported: ImportedRequest[];
  try {
    imported = await readHar(input.har);
  } catch (err) {
    throw badHar(err);
  }
  return store(app, imported, input.endpoint);
}

/**
 * `importHar` from the HTTP body as text (up to the API's 64 MiB): `JSON.parse` of a whole
 * 64 MiB HAR of small entries blocks for seconds, so the entries are cut out and read in
 * slices as the body is scanned, and only the rest is validated with the contract's schema.
 */
export async function importHarBody(app: ImportContext, body: string): Promise<Imported> {
  const text = body.trim() === '' ? '{}' : body; // no body: the schema names the missing field
  const read: ImportedRequest[] = [];
  let skeleton: unknown;
  let found: boolean;
  try {
    ({ skeleton, found } = await parseInSlices(text, 'entries', (entry, i) => read.push(...fromHar({ log: { entries: [entry] } }, i))));
  } catch (err) {
    if (err instanceof SyntaxError) throw new HookbayError('invalid_input', `The body is not valid JSON: ${err.message}`);
    throw badHar(err);
  }
  const parsed = ImportHarInput.safeParse(skeleton);
  if (!parsed.success) {
    const e = invalidInput(parsed.error);
    throw new HookbayError('invalid_input', e.message, e.issues);
  }
  if (!found) return importHar(app, parsed.data); // a HAR given as a JSON string, or one without entries
  const har = parsed.data.har;
  const entries = typeof har === 'object' ? (har.log as { entries?: unknown } | undefined)?.entries : undefined;
  if (Array.isArray(entries) && entries.length === 0) return store(app, read, parsed.data.endpoint);
  // The first "entries" key was not the HAR's own (some other field came first): read it whole.
  return importHar(app, ImportHarInput.parse(JSON.parse(text)));
}
