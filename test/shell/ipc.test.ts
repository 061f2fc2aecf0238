import { describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../src-main/contract';
import { IPC_PREFIX, OPERATION_NAMES } from '../../src-main/contract/names';
import { serveContractOverIpc, type InvokeEventLike, type IpcMainLike, type IpcReply } from '../../src-main/shell/ipc';
import type { FrameLike, RendererLocation } from '../../src-main/shell/trusted-origin';
import { recordingLogger } from '../support/logger';

const location: RendererLocation = { kind: 'file', indexFile: '/opt/hookbay/out/renderer/index.html' };
const APP_URL = 'file:///opt/hookbay/out/renderer/index.html';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => Promise<IpcReply>;

/** A fake ipcMain: collects handlers so tests can invoke them as Electron would. */
function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipc, handlers };
}

/** Spy handlers standing in for the core: any call to them means input got through. */
function spyHandlers() {
  const spies = Object.fromEntries(OPERATION_NAMES.map((n) => [n, vi.fn(async (_input?: unknown): Promise<unknown> => ({ ok: true }))]));
  return { handlers: spies as unknown as Handlers, spies };
}

const frame = (url = APP_URL, over: Partial<FrameLike> = {}): FrameLike => ({
  url,
  parent: null,
  isDestroyed: () => false,
  ...over,
});

function setup() {
  const { ipc, handlers: registered } = fakeIpcMain();
  const { handlers, spies } = spyHandlers();
  const log = recordingLogger();
  const stop = serveContractOverIpc(ipc, handlers, location, log);
  const call = (name: string, event: InvokeEventLike, ...args: unknown[]) => {
    const listener = registered.get(`${IPC_PREFIX}${name}`);
    if (!listener) throw new Error(`no handler for ${name}`);
    return listener(event, ...args);
  };
  return { registered, spies, stop, call, log };
}

/** Values no operation accepts: the contract's inputs are all objects. */
const MALFORMED: unknown[] = [42, 'id=1', [1, 2], true];

describe('contract over IPC', () => {
  it('registers one channel per operation, and nothing else; stopping removes them all', () => {
    const { registered, stop } = setup();
    expect([...registered.keys()].sort()).toEqual(OPERATION_NAMES.map((n) => `${IPC_PREFIX}${n}`).sort());
    stop();
    expect(registered.size).toBe(0);
  });

  describe.each(OPERATION_NAMES)('%s', (name) => {
    it('rejects malformed input with a clear invalid_input error before reaching the core', async () => {
      const { spies, call } = setup();
      for (const bad of MALFORMED) {
        const reply = await call(name, { senderFrame: frame() }, bad);
        expect(reply.ok, `${name}(${JSON.stringify(bad)})`).toBe(false);
        if (reply.ok) continue;
        expect(reply.error.code).toBe('invalid_input');
        expect(reply.error.message).toMatch(/^Invalid input: .+/);
        expect(reply.error.issues?.length).toBeGreaterThan(0);
      }
      expect(spies[name]).not.toHaveBeenCalled();
    });

    it('rejects extra arguments', async () => {
      const { spies, call } = setup();
      const reply = await call(name, { senderFrame: frame() }, {}, { sneaky: true });
      expect(reply).toEqual({ ok: false, error: { code: 'invalid_input', message: `Invalid input: ${name} takes one argument, got 2.` } });
      expect(spies[name]).not.toHaveBeenCalled();
    });

    it.each([
      ['another origin', frame('https://evil.example/index.html')],
      ['another file', frame('file:///tmp/evil.html')],
      ['a sub-frame', frame(APP_URL, { parent: frame() })],
      ['a destroyed frame', frame(APP_URL, { isDestroyed: () => true })],
      ['no frame', null],
    ])('refuses calls from %s', async (_what, senderFrame) => {
      const { spies, call, log } = setup();
      const reply = await call(name, { senderFrame }, {});
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('forbidden');
      expect(spies[name]).not.toHaveBeenCalled();
      expect(log.entries).toEqual([expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ operation: name }) })]);
    });
  });

  it('names the bad field', async () => {
    const { spies, call } = setup();
    const reply = await call('createEndpoint', { senderFrame: frame() }, { name: 'Stripe', slug: 'Not A Slug!' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^Invalid input: slug: /) } });
    const wrongType = await call('getRequest', { senderFrame: frame() }, { id: 'seven' });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'id' }] } });
    const unknownKey = await call('health', { senderFrame: frame() }, { extra: 1 });
    expect(unknownKey).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(spies.createEndpoint).not.toHaveBeenCalled();
    expect(spies.getRequest).not.toHaveBeenCalled();
    expect(spies.health).not.toHaveBeenCalled();
  });

  it('passes valid input, parsed, to the core and returns its value', async () => {
    const { spies, call } = setup();
    // Spies answer `{ ok: true }`, a valid output of these operations (outputs are checked in tests).
    expect(await call('deleteRequest', { senderFrame: frame(`${APP_URL}#/requests/7`) }, { id: '7' })).toEqual({ ok: true, value: { ok: true } });
    expect(spies.deleteRequest).toHaveBeenCalledWith({ id: 7 });
    expect(await call('markEndpointRead', { senderFrame: frame() }, { id: 'ep_default' })).toEqual({ ok: true, value: { ok: true } });
    expect(spies.markEndpointRead).toHaveBeenCalledWith({ id: 'ep_default' });
  });

  it('turns core failures into { code, message } without leaking internals, naming the log that has them', async () => {
    const { spies, call, log } = setup();
    spies.listEndpoints!.mockRejectedValueOnce(new Error('SELECT * FROM secret_table failed'));
    const reply = await call('listEndpoints', { senderFrame: frame() }, {});
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error; see the Hookbay log: /test/hookbay.log.' } });
    expect(log.entries).toEqual([
      expect.objectContaining({ level: 'error', fields: expect.objectContaining({ component: 'ipc', operation: 'listEndpoints', err: expect.any(Error) }) }),
    ]);
  });

  it('trusts the dev server only by origin', async () => {
    const { ipc, handlers: registered } = fakeIpcMain();
    const { handlers, spies } = spyHandlers();
    serveContractOverIpc(ipc, handlers, { kind: 'dev', url: 'http://localhost:5173/' }, recordingLogger());
    const remove = registered.get(`${IPC_PREFIX}deleteRequest`)!;
    expect((await remove({ senderFrame: frame('http://localhost:5173/#/x') }, { id: 1 })).ok).toBe(true);
    expect((await remove({ senderFrame: frame('http://localhost:5174/') }, { id: 1 })).ok).toBe(false);
    expect((await remove({ senderFrame: frame(APP_URL) }, { id: 1 })).ok).toBe(false);
    expect(spies.deleteRequest).toHaveBeenCalledTimes(1);
  });
});
