import "@testing-library/jest-dom/vitest";
import { notifications } from "@mantine/notifications";
import { cleanup } from "@testing-library/react";
import { afterEach, beforeAll } from "vitest";
import { i18n, initI18n } from "../i18n";
import en from "../i18n/locales/en.json";
import kk from "../i18n/locales/kk.json";
import ru from "../i18n/locales/ru.json";
import sr from "../i18n/locales/sr.json";

// jsdom lacks a few browser APIs that Mantine relies on.
if (!window.matchMedia) {
  window.matchMedia = (query: string): MediaQueryList => {
    const list: MediaQueryList = {
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    };
    return list;
  };
}

class ResizeObserverStub implements ResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
window.ResizeObserver ??= ResizeObserverStub;
window.HTMLElement.prototype.scrollIntoView ??= () => undefined;
// Mantine's autosize Textarea listens for web-font loads.
if (!("fonts" in document)) Object.defineProperty(document, "fonts", { value: new EventTarget() });
window.scrollTo = () => undefined;

beforeAll(async () => {
  await initI18n({
    lng: "en",
    resources: {
      en: { translation: en },
      ru: { translation: ru },
      sr: { translation: sr },
      kk: { translation: kk },
    },
  });
});

afterEach(async () => {
  cleanup();
  // Mantine keeps notifications in a module-level store and shows at most five: one test's toasts would
  // otherwise queue the next test's out of sight.
  notifications.clean();
  window.localStorage.clear();
  for (const cookie of document.cookie.split(";")) {
    const name = cookie.split("=")[0]?.trim();
    // biome-ignore lint/suspicious/noDocumentCookie: resetting jsdom cookies between tests
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
  if (i18n.language !== "en") await i18n.changeLanguage("en");
});
