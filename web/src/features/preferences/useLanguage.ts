import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { Me } from "../../api/types";
import {
  DEFAULT_LANGUAGE,
  LANGUAGE_STORAGE_KEY,
  type LanguageCode,
  toLanguageCode,
} from "../../i18n/languages";
import { meQueryKey } from "../auth";
import { rememberSignedOutChoice, saveProfileLanguage } from "./languageSync";

/** Current interface language and a setter that persists it (localStorage, and the profile when signed in). */
export function useLanguage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const language = toLanguageCode(i18n.resolvedLanguage) ?? DEFAULT_LANGUAGE;

  const changeLanguage = useCallback(
    async (next: LanguageCode) => {
      await i18n.changeLanguage(next);
      try {
        window.localStorage.setItem(LANGUAGE_STORAGE_KEY, next);
      } catch {
        // Private mode or storage disabled: the choice simply lasts for this visit.
      }
      const me = queryClient.getQueryData<Me | null>(meQueryKey);
      if (!me) {
        rememberSignedOutChoice(next);
        return;
      }
      try {
        await saveProfileLanguage(queryClient, next);
      } catch {
        notifications.show({ color: "red", message: t("language.saveFailed") });
      }
    },
    [i18n, queryClient, t],
  );

  return { language, changeLanguage };
}
