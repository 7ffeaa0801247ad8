/** What other features use of notifications: the bell the shell's header shows. */
export { NotificationBell } from "./NotificationBell";
