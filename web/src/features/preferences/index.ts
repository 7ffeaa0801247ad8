/** What other features use of preferences: the language picker (signed-out pages) and menu items (user menu). */
export { LanguageMenuItems } from "./LanguageMenuItems";
export { LanguageSwitcher } from "./LanguageSwitcher";
