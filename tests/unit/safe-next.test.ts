import { describe, expect, it } from 'vitest';
import { safeNextPath } from '@/lib/http/client';

describe('safeNextPath honours only same-site relative paths', () => {
  it.each([
    ['/profile', '/profile'],
    ['/settings/users?q=ada#top', '/settings/users?q=ada#top'],
    ['//evil.example/x', '/dashboard'],
    ['/\\evil.example', '/dashboard'],
    ['https://evil.example', '/dashboard'],
    ['javascript:alert(1)', '/dashboard'],
    ['profile', '/dashboard'],
    ['/login', '/dashboard'],
    ['/api/auth/signout', '/dashboard'],
    ['/%0d%0aSet-Cookie:x', '/%0d%0aSet-Cookie:x'],
    ['/\u0000', '/dashboard'],
    ['', '/dashboard'],
    [undefined, '/dashboard'],
  ])('%j → %j', (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });
});
