import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/**
 * The one password policy (ASVS 4.0 V2.1): 12 to 128 characters, any characters, no composition rules,
 * and no password that a dictionary of common and breached passwords guesses easily.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return factory;
}

export interface PasswordCheck {
  ok: boolean;
  /** 0 (very weak) to 4 (very strong), for the meter. */
  score: 0 | 1 | 2 | 3 | 4;
  message?: string;
  suggestions: string[];
}

/** Checks a new password; `context` holds the person's own words (name, email) that must not carry it. */
export function checkPassword(password: string, context: string[] = []): PasswordCheck {
  const length = [...password].length;
  if (length < PASSWORD_MIN) {
    return { ok: false, score: 0, message: `Use at least ${PASSWORD_MIN} characters.`, suggestions: [] };
  }
  if (length > PASSWORD_MAX) {
    return { ok: false, score: 0, message: `Use at most ${PASSWORD_MAX} characters.`, suggestions: [] };
  }
  const result = estimator().check(password, context.filter(Boolean));
  const suggestions = result.feedback.suggestions;
  // Score 2 or less means a dictionary of common and breached passwords finds it within ~10^8 guesses.
  if (result.score < 3) {
    return {
      ok: false,
      score: result.score,
      message:
        result.feedback.warning ||
        'This password is too common or too easy to guess. Try a longer phrase of unrelated words.',
      suggestions,
    };
  }
  return { ok: true, score: result.score, suggestions };
}
