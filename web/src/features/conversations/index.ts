/** What other features use of conversations: a mail thread in a timeline, "Write a letter" on a record page. */
export { isMailThreadEvent, type MailThreadEvent, MailThreadItem } from "./MailThreadItem";
export { WriteLetterButton } from "./WriteLetterButton";
