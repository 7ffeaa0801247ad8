/** What other features may use from the settings feature. */

export { canOpenSettings, hasAdminPermission } from "./access";
export { customFieldsQuery, teamsQuery, workspaceCountryQuery } from "./api";
export {
  entityLabel,
  humanizeKey,
  notifyError,
  notifySaved,
  RowsSkeleton,
  SectionHeader,
  settingsFieldMessage,
  settingsProblemMessage,
} from "./common";
export { keyForLabel } from "./custom-fields/fieldForm";
export { timeZoneOptions } from "./users/options";
