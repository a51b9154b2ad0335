import { isPrivateAddress, targetProblem } from '../../src/webhooks/target-guard';
import { sign } from '../../src/webhooks/webhooks.service';
import { Webhook } from 'standardwebhooks';

/** The SSRF guard of webhook targets and the signature, against the reference library. */
describe('webhook target guard', () => {
  it.each(['10.0.0.1', '127.0.0.1', '127.255.0.9', '169.254.169.254', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd12:3456::1', 'fc00::1', '::ffff:10.0.0.1'])('calls %s private', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '193.176.10.1', '2a00:1450:4001::1'])('calls %s public', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it('refuses names that resolve to a private address, and allows only the hosts named', async () => {
    const resolve = async (host: string) => (host === 'intern.example.nl' ? ['10.1.1.1'] : host === 'mixed.example.nl' ? ['93.184.216.34', '127.0.0.1'] : ['93.184.216.34']);
    expect(await targetProblem('https://intern.example.nl/hook', [], resolve)).toBe('private_address');
    expect(await targetProblem('https://mixed.example.nl/hook', [], resolve)).toBe('private_address');
    expect(await targetProblem('https://ontvanger.example.nl/hook', [], resolve)).toBeNull();
    expect(await targetProblem('http://ontvanger.example.nl/hook', [], resolve)).toBe('not_https');
    expect(await targetProblem('ftp://ontvanger.example.nl/hook', [], resolve)).toBe('not_a_url');
    expect(await targetProblem('https://ontvanger.example.nl/hook', [], async () => { throw new Error('ENOTFOUND'); })).toBe('unresolvable');
    expect(await targetProblem('http://intern.example.nl/hook', ['intern.example.nl'], resolve)).toBeNull();
  });

  it('signs so that the Standard Webhooks reference library verifies, and a changed body fails', () => {
    const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ type: 'case.submit_final', data: { caseId: 'x' } });
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(secret, 'msg_1', timestamp, body) };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('x', 'y'), headers)).toThrow();
  });
});
