/** What other features use of auth: the signed-in user, signing out and the form validators. */
export { fetchMe, meQueryKey, meQueryOptions, updateMe } from "./api";
export { useSignOut } from "./useSignOut";
export { email, matches, required } from "./validation";
