/** What other features use of the account: the avatar picker and its endpoint (an administrator edits a user's). */

export { AvatarPicker } from "./AvatarPicker";
export { avatarEndpoint } from "./avatarApi";
