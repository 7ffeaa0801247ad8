import i18next, { type BackendModule, type Resource, type ResourceLanguage } from "i18next";
import LanguageDetector from "i18next-browser-languagedetector";
import { initReactI18next } from "react-i18next";
import {
  DEFAULT_LANGUAGE,
  GENERATED_FROM,
  isLanguageCode,
  LANGUAGE_CODES,
  LANGUAGE_STORAGE_KEY,
  toLanguageCode,
} from "./languages";
import { toSerbianLatinTree } from "./serbianLatin";

export const i18n = i18next;

// Each locale becomes its own chunk; only the active language (and the fallback) is downloaded.
const localeLoaders = import.meta.glob<ResourceLanguage>("./locales/*.json", { import: "default" });

const lazyLocales: BackendModule = {
  type: "backend",
  init: () => undefined,
  read(language, _namespace, callback) {
    const source = isLanguageCode(language) ? (GENERATED_FROM[language] ?? language) : language;
    const load = localeLoaders[`./locales/${source}.json`];
    if (!load) {
      callback(new Error(`No translations for "${language}"`), false);
      return;
    }
    load().then(
      (translation) => callback(null, source === language ? translation : generated(translation)),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), false),
    );
  },
};

type Tree = { [key: string]: string | Tree };

/** The resources of the generated language (`sr-Latn`, the only one) built from its source's (`sr`). */
function generated(translation: ResourceLanguage): ResourceLanguage {
  return toSerbianLatinTree(translation as Tree);
}

/** Bundled resources (tests) completed with the generated languages whose source is present. */
function withGenerated(resources: Resource): Resource {
  const out: Resource = { ...resources };
  for (const [language, source] of Object.entries(GENERATED_FROM)) {
    const from = source ? resources[source]?.translation : undefined;
    if (from && !out[language]) out[language] = { translation: generated(from as ResourceLanguage) };
  }
  return out;
}

function reflectLanguageInDocument(language: string): void {
  if (typeof document !== "undefined") document.documentElement.lang = language;
}

export interface InitI18nOptions {
  /** Bundled resources (tests); without them locales are lazy-loaded. */
  resources?: Resource;
  /** Forces a language instead of detecting it. */
  lng?: string;
}

export async function initI18n(options: InitI18nOptions = {}): Promise<typeof i18next> {
  if (!options.resources) i18next.use(lazyLocales);
  if (!options.lng) i18next.use(LanguageDetector);
  i18next.use(initReactI18next);
  i18next.on("languageChanged", reflectLanguageInDocument);
  await i18next.init({
    ...(options.resources ? { resources: withGenerated(options.resources) } : {}),
    ...(options.lng ? { lng: options.lng } : {}),
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGE_CODES],
    // Exactly the chosen language, then English: `languageOnly` would turn `sr-Latn` into (Cyrillic) `sr`.
    load: "currentOnly",
    ns: ["translation"],
    defaultNS: "translation",
    interpolation: { escapeValue: false },
    returnEmptyString: false,
    detection: {
      order: ["localStorage", "navigator"],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: ["localStorage"],
      convertDetectedLanguage: (language: string) => toLanguageCode(language) ?? DEFAULT_LANGUAGE,
    },
    react: { useSuspense: false },
    showSupportNotice: false,
  });
  reflectLanguageInDocument(i18next.resolvedLanguage ?? DEFAULT_LANGUAGE);
  return i18next;
}
