import { describe, expect, it } from 'vitest';
import { tunnelServerConfig } from '../../src-main/tunnel-server/cli';
import { isCliInvocation } from '../../src-main/cli-commands';

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

  const bad: [string[], RegExp][] = [
    [[], /--domain is required/],
    [['--domain', 'a b'], /--domain: "a b" is not a host name/],
    [['--domain', 'x.dev', '--cert', 'c.pem'], /--cert and --key go together/],
    [['--domain', 'x.dev', '--cert', '/nonexistent/c.pem', '--key', '/nonexistent/k.pem'], /--cert \/nonexistent\/c.pem: ENOENT/],
    [['--domain', 'x.dev', '--token', 'short'], /--token: use at least 16 characters/],
    [['--domain', 'x.dev', '--tunnel-ports', '9-2'], /--tunnel-ports: expected a range/],
    [['--domain', 'x.dev', '--port', '70000'], /--port: expected a whole number from 0 to 65535/],
    [['--domain', 'x.dev', '--tokens-file', '/nonexistent.json'], /--tokens-file \/nonexistent.json/],
  ];
  it.each(bad)('refuses %j naming the flag', (argv, message) => {
    expect(() => tunnelServerConfig(argv, {})).toThrow(message);
  });
});
