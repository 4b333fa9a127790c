import { describe, expect, it } from 'vitest';
import { loginSchema, setupSchema } from '@/lib/validation/auth';
import { fieldErrorsOf } from '@/lib/validation/primitives';

const goodSetup = {
  accountName: ' Acme Ltd ',
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: ' Ada@Example.COM ',
  password: 'correct horse battery staple',
  confirmPassword: 'correct horse battery staple',
};

describe('setup validation', () => {
  it('trims names and normalises the email to lower case', () => {
    const parsed = setupSchema.parse(goodSetup);
    expect(parsed.accountName).toBe('Acme Ltd');
    expect(parsed.email).toBe('ada@example.com');
  });

  it.each([
    ['accountName', { accountName: '   ' }, 'Name the account.'],
    ['firstName', { firstName: '' }, 'Enter a first name.'],
    ['firstName', { firstName: '<script>' }, 'cannot contain'],
    ['email', { email: 'not-an-email' }, 'valid email'],
    ['password', { password: 'short', confirmPassword: 'short' }, '12 characters'],
    ['password', { password: 'password1234', confirmPassword: 'password1234' }, ''],
    ['confirmPassword', { confirmPassword: 'correct horse battery stapler' }, 'differ'],
  ])('reports %s for bad input', (field, override, message) => {
    const result = setupSchema.safeParse({ ...goodSetup, ...override });
    expect(result.success).toBe(false);
    if (!result.success) expect(fieldErrorsOf(result.error)[field]).toContain(message);
  });

  it('does not trim passwords at sign-in', () => {
    expect(loginSchema.parse({ email: 'a@b.co', password: '  spaced  ' }).password).toBe('  spaced  ');
  });
});
