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
  ])('%j → %j', (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });
});
