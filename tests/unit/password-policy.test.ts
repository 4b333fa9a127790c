import { describe, expect, it } from 'vitest';
import { checkPassword, PASSWORD_MAX, PASSWORD_MIN } from '@/lib/auth/password-policy';

describe('the password policy', () => {
  it.each([
    ['too short', 'Abc!3xyz9', false],
    ['a very common password', 'password1234', false],
    ['a keyboard walk', 'qwertyuiop123', false],
    ['a repeated character', 'aaaaaaaaaaaaaaaa', false],
    ['a long passphrase of unrelated words', 'correct horse battery staple', true],
    ['a random string', 'vT7#kq2!Lm9@zR', true],
  ])('%s → ok=%s', (_label, password, ok) => {
    expect(checkPassword(password).ok).toBe(ok);
  });

  it(`refuses fewer than ${PASSWORD_MIN} characters with a message that says how many`, () => {
    expect(checkPassword('x'.repeat(PASSWORD_MIN - 1)).message).toContain(String(PASSWORD_MIN));
  });

  it(`refuses more than ${PASSWORD_MAX} characters and accepts exactly ${PASSWORD_MAX}`, () => {
    const words = 'orbit lantern mosaic tundra ';
    const long = words.repeat(10);
    expect(checkPassword(long.slice(0, PASSWORD_MAX + 1)).ok).toBe(false);
    expect(checkPassword(long.slice(0, PASSWORD_MAX)).ok).toBe(true);
  });

  it('counts characters, not bytes, and imposes no composition rules', () => {
    expect(checkPassword('ünïcødé wörds fly høme').ok).toBe(true);
    expect(checkPassword('lowercase only but really quite long').ok).toBe(true);
  });

  it('refuses a password built from the person’s own name and email', () => {
    expect(checkPassword('zephyrineQuillbottom', []).ok).toBe(true);
    expect(checkPassword('zephyrineQuillbottom', ['Zephyrine', 'Quillbottom', 'zq@example.com']).ok).toBe(false);
  });
});
