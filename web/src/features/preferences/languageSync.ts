import type { QueryClient } from "@tanstack/react-query";
import type { Me } from "../../api/types";
import { i18n } from "../../i18n";
import { type LanguageCode, toLanguageCode } from "../../i18n/languages";
import { meQueryKey, updateMe } from "../auth";

/** A language picked while signed out (e.g. on the sign-in page); it wins over the profile once. */
let chosenWhileSignedOut: LanguageCode | null = null;

export function rememberSignedOutChoice(language: LanguageCode): void {
  chosenWhileSignedOut = language;
}

/** Saves the language on the user's profile and keeps the cached `me` in step. */
export async function saveProfileLanguage(queryClient: QueryClient, language: LanguageCode): Promise<void> {
  queryClient.setQueryData<Me | null>(meQueryKey, (me) => (me ? { ...me, language } : me));
  await updateMe({ language });
}

/**
 * Reconciles the interface language with the signed-in user's profile:
 * a choice made on the sign-in page is saved to the profile, otherwise the profile language is applied.
 */
export async function syncLanguageWithProfile(queryClient: QueryClient, me: Me): Promise<void> {
  const choice = chosenWhileSignedOut;
  chosenWhileSignedOut = null;
  if (choice) {
    if (choice !== toLanguageCode(me.language)) {
      saveProfileLanguage(queryClient, choice).catch(() => undefined);
    }
    return;
  }
  const profileLanguage = toLanguageCode(me.language);
  if (profileLanguage && profileLanguage !== i18n.resolvedLanguage) {
    await i18n.changeLanguage(profileLanguage);
  }
}
