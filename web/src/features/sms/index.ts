/** What other features use of SMS: the contact page's SMS panel. */
export { SmsPanel } from "./SmsPanel";
