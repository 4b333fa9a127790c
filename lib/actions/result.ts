import 'server-only';
import { randomUUID } from 'node:crypto';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import type { EffectiveAccess } from '@/lib/access/resolver';
import { actorOf, getRequestMeta, requireMember, requireMemberAccess, type MemberSession } from '@/lib/auth/current';
import type { Actor } from '@/lib/access/checks';
import { DalError } from '@/lib/dal/core/errors';
import type { SelfActor } from '@/lib/dal/profile/my-security';
import type { RequestMeta } from '@/lib/http/client';
import { fieldErrorsOf } from '@/lib/validation/primitives';
import type { ActionResult } from './types';

export type { ActionErrorCode, ActionResult } from './types';

/** What a member's action body gets: who acts, what they may do, and where the request came from. */
export interface MemberContext {
  actor: Actor;
  access: EffectiveAccess;
  session: MemberSession;
  meta: RequestMeta;
}

/** What a public action body (no session: sign-in, links from mail) gets. */
export interface PublicContext {
  meta: RequestMeta;
}

/** Bad input, as every action answers it: the first field's message, and every field's. */
export function invalidResult(error: z.ZodError): ActionResult<never> {
  const fieldErrors = fieldErrorsOf(error);
  return { ok: false, code: 'invalid', message: Object.values(fieldErrors)[0] ?? 'Check the highlighted fields.', fieldErrors };
}

/** An exception as a result: an expected refusal with its message, anything else logged with a reference. Next's redirects pass. */
export function failureResult(error: unknown): ActionResult<never> {
  unstable_rethrow(error);
  if (error instanceof DalError) return { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors };
  const reference = randomUUID().slice(0, 8);
  console.error(`[action ${reference}]`, error);
  return { ok: false, code: 'internal', message: `Something went wrong on our side (reference ${reference}). Try again.` };
}

/**
 * Every server action reads the same way: parse the input with zod, then run the body (get the actor, call
 * the data layer, revalidate). Bad input and expected refusals (DalError) come back as results with a
 * human message; anything else is logged with a reference the person can quote. Next's redirects pass.
 */
export async function runAction<S extends z.ZodType, T>(schema: S, input: unknown, body: (data: z.infer<S>) => Promise<T>): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return invalidResult(parsed.error);
  try {
    return { ok: true, data: await body(parsed.data) };
  } catch (error) {
    return failureResult(error);
  }
}

/** The signed-in member acting (or a redirect to sign-in / the account picker). */
export async function memberContextOf(): Promise<MemberContext> {
  const { actor, access, session } = await requireMemberAccess();
  return { actor, access, session, meta: await getRequestMeta() };
}

/** What an action on the signed-in person's own things (profile, password, sessions) gets. */
export interface SelfContext {
  self: SelfActor;
  meta: RequestMeta;
}

async function selfContext(): Promise<SelfContext> {
  const session = await requireMember();
  return { self: { ...actorOf(session), sessionIdHash: session.sessionIdHash }, meta: await getRequestMeta() };
}

/**
 * Makes action builders that resolve one kind of caller before the body runs (after the input is parsed):
 * `export const doThingAction = memberAction(schema, async (data, { actor, meta }) => …)`; without a schema
 * the action takes no input.
 */
function actionsWith<C>(context: () => Promise<C>) {
  function build<T>(body: (context: C) => Promise<T>): () => Promise<ActionResult<T>>;
  function build<S extends z.ZodType, T>(schema: S, body: (data: z.infer<S>, context: C) => Promise<T>): (input: unknown) => Promise<ActionResult<T>>;
  function build<S extends z.ZodType, T>(schemaOrBody: S | ((context: C) => Promise<T>), body?: (data: z.infer<S>, context: C) => Promise<T>) {
    if (typeof schemaOrBody === 'function') {
      const run = schemaOrBody;
      return async (): Promise<ActionResult<T>> => {
        try {
          return { ok: true, data: await run(await context()) };
        } catch (error) {
          return failureResult(error);
        }
      };
    }
    return async (input: unknown): Promise<ActionResult<T>> => runAction(schemaOrBody, input, async (data) => body!(data, await context()));
  }
  return build;
}

/** An action of a signed-in member inside an account; what their role allows is checked by the data layer. */
export const memberAction = actionsWith(memberContextOf);

/** An action on the signed-in person's own profile, password or sessions: a session in an account is all it needs (Guests too). */
export const selfAction = actionsWith(selfContext);

/** An action anyone may call (no session): links from mail. Its body checks whatever token the input carries. */
export const publicAction = actionsWith(async (): Promise<PublicContext> => ({ meta: await getRequestMeta() }));
