import { z } from 'zod';
import { checkPassword, PASSWORD_MAX } from '@/lib/auth/password-policy';
import { accountNameSchema, emailSchema, personNameSchema, secretTextSchema, textSchema } from './primitives';

export const loginSchema = z.object({
  email: emailSchema,
  // Never trimmed: spaces may be part of a password.
  password: secretTextSchema().min(1, 'Enter your password.').max(PASSWORD_MAX * 4, 'That password is too long.'),
  next: textSchema().max(2048).optional(),
});

/** "Forgot password": the email of the login. */
export const forgotPasswordSchema = z.object({ email: emailSchema });

/** A password being set: the one policy, checked against the person's own name and email. */
export function newPasswordSchema<T extends z.ZodRawShape>(shape: T, contextFields: (keyof z.infer<z.ZodObject<T>>)[]) {
  return z
    .object({ ...shape, password: secretTextSchema(), confirmPassword: secretTextSchema() })
    .superRefine((value, ctx) => {
      const record = value as Record<string, unknown> & { password: string; confirmPassword: string };
      const context = contextFields.map((field) => String(record[field as string] ?? ''));
      const result = checkPassword(record.password, context);
      if (!result.ok) ctx.addIssue({ code: 'custom', path: ['password'], message: result.message ?? 'Choose a stronger password.' });
      else if (record.password !== record.confirmPassword) {
        ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'The two passwords differ.' });
      }
    });
}

export const setupSchema = newPasswordSchema(
  {
    accountName: accountNameSchema,
    firstName: personNameSchema('first name'),
    lastName: personNameSchema('last name', { required: false }),
    email: emailSchema,
  },
  ['firstName', 'lastName', 'email', 'accountName'],
);
export type SetupInput = z.infer<typeof setupSchema>;

export const switchAccountSchema = z.object({ accountId: z.uuid('Pick an account.'), next: textSchema().max(2048).optional() });
