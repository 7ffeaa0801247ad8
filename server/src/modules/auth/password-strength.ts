import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

/**
 * Strength estimate (zxcvbn: dictionaries of common passwords, English words and names, keyboard patterns,
 * sequences, dates, l33t) — `password1234` is 12 characters and not in the 10,000 most common, but scores 1.
 * The dictionaries are loaded on first use (a few MB), not at start-up.
 */
let factory: Promise<ZxcvbnFactory> | null = null;

function load(): Promise<ZxcvbnFactory> {
  factory ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import("@zxcvbn-ts/core"),
      import("@zxcvbn-ts/language-common"),
      import("@zxcvbn-ts/language-en"),
    ]);
    // Warnings come back as their keys (`topHundred`), which `REASONS` turns into translated codes.
    const keys = <T extends Record<string, string>>(group: T) =>
      Object.fromEntries(Object.keys(group).map((k) => [k, k])) as T;
    const translations = {
      warnings: keys(en.translations.warnings),
      suggestions: keys(en.translations.suggestions),
      timeEstimation: en.translations.timeEstimation,
    };
    return new ZxcvbnFactory({
      translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...en.dictionary },
    });
  })();
  return factory;
}

/** zxcvbn's warning → the field-error code the web explains (one text per kind of weakness). */
const REASONS: Record<string, { code: string; message: string }> = {
  topTen: { code: "password_weak_common", message: "This is one of the most used passwords." },
  topHundred: { code: "password_weak_common", message: "This is one of the most used passwords." },
  common: { code: "password_weak_common", message: "This is a commonly used password." },
  similarToCommon: { code: "password_weak_common", message: "This is similar to a commonly used password." },
  pwned: { code: "password_weak_common", message: "This password appeared in a data breach." },
  straightRow: { code: "password_weak_pattern", message: "Keyboard patterns are easy to guess." },
  keyPattern: { code: "password_weak_pattern", message: "Keyboard patterns are easy to guess." },
  simpleRepeat: { code: "password_weak_pattern", message: "Repeated characters are easy to guess." },
  extendedRepeat: { code: "password_weak_pattern", message: "Repeated patterns are easy to guess." },
  sequences: { code: "password_weak_pattern", message: "Sequences like abc or 1234 are easy to guess." },
  recentYears: { code: "password_weak_dates", message: "Years and dates are easy to guess." },
  dates: { code: "password_weak_dates", message: "Years and dates are easy to guess." },
  wordByItself: { code: "password_weak_words", message: "Single words and names are easy to guess." },
  namesByThemselves: { code: "password_weak_words", message: "Single words and names are easy to guess." },
  commonNames: { code: "password_weak_words", message: "Common names are easy to guess." },
  userInputs: { code: "password_weak_personal", message: "Do not use your name or email in the password." },
};
const GENERIC = {
  code: "password_weak",
  message: "This password is too easy to guess; add a few uncommon words.",
};

export interface StrengthProblem {
  score: number;
  code: string;
  message: string;
}

/** Null when the password scores at least `minScore` (0–4); otherwise the reason, as a code and a message. */
export async function weakPassword(
  password: string,
  minScore: number,
  userInputs: string[],
): Promise<StrengthProblem | null> {
  if (minScore <= 0) return null;
  // zxcvbn's cost grows with length; beyond 100 characters the first 100 decide.
  const result = (await load()).check(password.slice(0, 100), userInputs);
  if (result.score >= minScore) return null;
  const reason = REASONS[result.feedback.warning ?? ""] ?? GENERIC;
  return { score: result.score, ...reason };
}
