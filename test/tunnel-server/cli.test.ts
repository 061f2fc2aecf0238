import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tunnelServerConfig } from '../../src-main/tunnel-server/cli';
import { isCliInvocation } from '../../src-main/cli-commands';
import { spawnTunnelServerCli } from '../support/hookbay-tunnel-server';
import { rawRequest } from '../support/raw-http';
import { CLI, ensureBuilt } from '../support/serve-process';
import { tempDir } from '../support/temp';

describe('hookbay tunnel-server flags', () => {
  it('is a CLI command of the desktop binary', () => {
    expect(isCliInvocation(['tunnel-server', '--domain', 'x.dev'])).toBe(true);
  });

  it('reads the flags and environment', () => {
    const config = tunnelServerConfig(['--domain', 'Tunnels.Example.com.', '--token', 'a'.repeat(20), '--tunnel-ports', '20000-20010', '--max-sockets', '4'], {
      HOOKBAY_TUNNEL_TOKEN: 'b'.repeat(20),
    });
    expect(config).toMatchObject({
      domain: 'tunnels.example.com',
      port: 80,
      tokens: [{ token: 'a'.repeat(20) }, { token: 'b'.repeat(20) }],
      tunnelPorts: { from: 20000, to: 20010 },
      maxSocketsPerTunnel: 4,
    });
  });

  it('reads the limits and timeouts (seconds on the command line)', () => {
    const config = tunnelServerConfig(
      ['--domain', 'x.dev', '--max-waiting', '7', '--socket-wait', '3', '--headers-timeout', '4', '--request-timeout', '20', '--keep-alive-timeout', '2', '--max-connections-per-address', '50'],
      {},
    );
    expect(config).toMatchObject({ maxWaitingPerTunnel: 7, socketWaitMs: 3000, headersTimeoutMs: 4000, requestTimeoutMs: 20_000, keepAliveTimeoutMs: 2000, maxConnectionsPerAddress: 50 });
    expect(tunnelServerConfig(['--domain', 'x.dev'], {})).toMatchObject({ maxWaitingPerTunnel: 100, socketWaitMs: 10_000, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5000, maxConnectionsPerAddress: 200 });
  });

  const bad: [string[], RegExp][] = [
    [[], /--domain is required/],
    [['--domain', 'a b'], /--domain: "a b" is not a host name/],
    [['--domain', 'x.dev', '--cert', 'c.pem'], /--cert and --key go together/],
    [['--domain', 'x.dev', '--cert', '/nonexistent/c.pem', '--key', '/nonexistent/k.pem'], /--cert \/nonexistent\/c.pem: ENOENT/],
    [['--domain', 'x.dev', '--token', 'short'], /--token: use at least 16 characters/],
    [['--domain', 'x.dev', '--tunnel-ports', '9-2'], /--tunnel-ports: expected a range/],
    [['--domain', 'x.dev', '--port', '70000'], /--port: expected a whole number from 0 to 65535/],
    [['--domain', 'x.dev', '--tokens-file', '/nonexistent.json'], /--tokens-file \/nonexistent.json/],
    [['--domain', 'x.dev', '--headers-timeout', '0'], /--headers-timeout: expected a whole number from 1 to 3600/],
    [['--domain', 'x.dev', '--request-timeout', '1.5'], /--request-timeout: expected a whole number/],
    [['--domain', 'x.dev', '--max-connections-per-address', '0'], /--max-connections-per-address: expected a whole number of at least 1/],
  ];
  it.each(bad)('refuses %j naming the flag', (argv, message) => {
    expect(() => tunnelServerConfig(argv, {})).toThrow(message);
  });
});

describe('the built CLI', () => {
  const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, HOOKBAY_TUNNEL_TOKEN: '' }, timeout: 20_000 });

  it('hookbay tunnel-server refuses a bad flag naming it, exit 2 (a usage error)', () => {
    ensureBuilt();
    const r = run(['tunnel-server', '--domain', 'x.dev', '--token', 'short']);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('hookbay: Invalid configuration: --token: use at least 16 characters (e.g. `openssl rand -hex 24`)');
  });

  it('hookbay serve checks the tunnel provider options before starting anything', () => {
    ensureBuilt();
    const tmp = tempDir();
    try {
      const r = run(['serve', '--data', tmp.dir, '--port', '0', '--ui-port', '0', '--tunnel-provider', 'hookbay']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--tunnel-host: host is required for the hookbay provider/);
      const bad = run(['serve', '--data', tmp.dir, '--port', '0', '--ui-port', '0', '--tunnel-provider', 'ngrok', '--subdomain', 'abcdef']);
      expect(bad.stderr).toMatch(/--subdomain: subdomain applies to the localtunnel and hookbay providers, not ngrok/);
    } finally {
      tmp.remove();
    }
  });

  it('hookbay tunnel-server runs, serves health, and stops on SIGTERM', async () => {
    ensureBuilt();
    const server = await spawnTunnelServerCli(CLI, ['--token', 'a-token-of-sufficient-length']);
    try {
      expect(server.output()).toContain('Clients    --host http://localhost:');
      const res = await rawRequest(server.port, `GET /api/health HTTP/1.1\r\nHost: localhost:${server.port}\r\n\r\n`);
      expect(JSON.parse(res.body.toString())).toEqual({ status: 'ok', tunnels: 0, sockets: 0 });
    } finally {
      await server.stop();
    }
  });
  it('hookbay tunnel-server survives running out of file descriptors (a connection flood) and answers again', async () => {
    // Anyone can open connections without a token. Out of descriptors, libuv drops the accept
    // (its reserve-descriptor trick) rather than failing the listening socket; this pins that the
    // server process survives it and serves again once the flood is gone.
    ensureBuilt();
    const server = await spawnTunnelServerCli(CLI, ['--token', 'a-token-of-sufficient-length']);
    const flood: net.Socket[] = [];
    try {
      execFileSync('prlimit', [`--pid=${server.pid}`, '--nofile=40:40']);
      await Promise.all(
        Array.from({ length: 80 }, () => new Promise<void>((resolve) => {
          const s = net.connect(server.port, '127.0.0.1', () => resolve());
          s.on('error', () => resolve());
          flood.push(s);
        })),
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(server.exitCode(), server.output()).toBeNull();
      for (const s of flood) s.destroy();
      await new Promise((r) => setTimeout(r, 300));
      const res = await rawRequest(server.port, `GET /api/health HTTP/1.1\r\nHost: localhost:${server.port}\r\n\r\n`);
      expect(JSON.parse(res.body.toString())).toMatchObject({ status: 'ok' });
    } finally {
      for (const s of flood) s.destroy();
      await server.stop();
    }
  });
});
