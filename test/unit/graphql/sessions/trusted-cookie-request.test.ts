import { describe, expect, it } from 'vitest';
import { isOwnOrigin, trustedCookieRequest } from '../../../../src/graphql/sessions/trusted-cookie-request.ts';

const request = (headers: Record<string, string>) => new Request('http://api.example.com/graphql', { method: 'POST', headers });

describe('the requests that may use the session cookie', () => {
  const trusted = trustedCookieRequest(['https://app.example.com']);
  const csrf = { 'x-graphql-yoga-csrf': '1', host: 'api.example.com' };

  it('need the CSRF header (any value) and an Origin of the server or of CORS_ORIGINS', () => {
    expect(trusted(request({ ...csrf, origin: 'https://api.example.com' }))).toBe(true);
    expect(trusted(request({ ...csrf, origin: 'https://app.example.com' }))).toBe(true);
    expect(trusted(request({ 'x-graphql-yoga-csrf': '', host: 'api.example.com', origin: 'https://api.example.com' }))).toBe(true);
    expect(trusted(request({ host: 'api.example.com', origin: 'https://api.example.com' }))).toBe(false);
    expect(trusted(request(csrf))).toBe(false);
    for (const origin of [
      'null',
      'https://evil.example',
      'https://app.example.com:8443',
      'http://app.example.com',
      'https://api.example.com.evil.example',
    ]) {
      expect(trusted(request({ ...csrf, origin }))).toBe(false);
    }
  });

  it("take the server's own origin by its host, https, or http on a loopback name only", () => {
    expect(isOwnOrigin('https://api.example.com', 'API.example.com')).toBe(true);
    expect(isOwnOrigin('https://api.example.com:8443', 'api.example.com:8443')).toBe(true);
    expect(isOwnOrigin('https://api.example.com:8443', 'api.example.com')).toBe(false);
    expect(isOwnOrigin('http://api.example.com', 'api.example.com')).toBe(false);
    for (const host of ['localhost:4000', '127.0.0.1:4000', '[::1]:4000']) expect(isOwnOrigin(`http://${host}`, host)).toBe(true);
    expect(isOwnOrigin('http://localhost:4000', '127.0.0.1:4000')).toBe(false);
    expect(isOwnOrigin('https://api.example.com', null)).toBe(false);
    expect(isOwnOrigin('not an origin', 'api.example.com')).toBe(false);
  });

  it('take an origin only as a browser spells it, and the Host with or without its default port', () => {
    for (const origin of ['http://evil@localhost:4000', 'http://localhost:4000/x', 'HTTP://LOCALHOST:4000', 'http://localhost:4000/']) {
      expect(isOwnOrigin(origin, 'localhost:4000')).toBe(false);
    }
    expect(isOwnOrigin('https://api.example.com', 'api.example.com:443')).toBe(true);
    expect(isOwnOrigin('http://app.localhost:4000', 'app.localhost:4000')).toBe(true);
    expect(isOwnOrigin('http://localhost.evil.example:4000', 'localhost.evil.example:4000')).toBe(false);
  });
});
