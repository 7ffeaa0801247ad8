import type { TFunction } from "i18next";

export const required = (t: TFunction) => (value: string) => (value.trim() ? null : t("validation.required"));

export const email = (t: TFunction) => (value: string) => {
  if (!value.trim()) return t("validation.required");
  return /^[^\s@]+@[^\s@]+$/.test(value.trim()) ? null : t("validation.email");
};

export const matches =
  (t: TFunction, field: string) =>
  (value: string, values: Record<string, unknown>): string | null => {
    if (!value) return t("validation.required");
    return value === values[field] ? null : t("validation.passwordMismatch");
  };
