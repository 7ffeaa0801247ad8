/** The user's API tokens and sessions, shown on the personal Security page too (an entry of its own). */
export { ApiTokens } from "./security/ApiTokens";
export { MySessions } from "./security/MySessions";
