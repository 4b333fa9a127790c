import { describe, expect, it } from 'vitest';
import { safeNextPath } from '@/lib/http/client';

describe('safeNextPath honours only same-site relative paths', () => {
  it.each([
    ['/profile', '/profile'],
    ['/settings/users?q=ada#top', '/settings/users?q=ada#top'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['profile', '/'],
    ['/login', '/'],
    ['/api/auth/signout', '/'],
    ['/%0d%0aSet-Cookie:x', '/%0d%0aSet-Cookie:x'],
    ['/\u0000', '/'],
    ['', '/'],
    [undefined, '/'],
    // Dot segments that the URL parser folds into a protocol-relative `//host`: judged after normalising.
    ['/.//evil.example', '/'],
    ['/..//evil.example', '/'],
    ['/.//evil.example/path?x=1#h', '/'],
    ['/x/..//evil.example', '/'],
    ['/%2e//evil.example', '/'],
    ['/%2E%2E//evil.example', '/'],
    ['/./login', '/'],
    ['/x/../api/auth/signout', '/'],
    ['/a/./b', '/a/b'],
    ['/%2e/%2fevil.example', '/%2fevil.example'],
  ])('%j → %j', (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });
});
