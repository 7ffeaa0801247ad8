/** The change-password form, on the profile page too (an entry of its own). */
export { ChangePasswordForm } from "./ChangePasswordForm";
