/** What other features use of search: the global search the shell's header shows. */
export { SearchSpotlight } from "./SearchSpotlight";
