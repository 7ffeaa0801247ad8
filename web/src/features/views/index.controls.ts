/** The list screen's view controls (selector, save, default); an entry of its own, loaded with the list. */
export { ViewControls } from "./ViewControls";
