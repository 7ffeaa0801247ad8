import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";

/** "12.5 MB" in the user's number format and unit names. */
export function useFileSize() {
  const { t } = useTranslation();
  const format = useFormat();
  return (bytes: number): string => {
    const units = [t("files.sizeB"), t("files.sizeKB"), t("files.sizeMB"), t("files.sizeGB")];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    const shown = unit === 0 ? format.number(value) : format.number(value.toFixed(1));
    return `${shown} ${units[unit]}`;
  };
}
