/** What other features may use from templates: the list of message templates. */

export { templatesQuery } from "./api";
