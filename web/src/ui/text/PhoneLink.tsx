import { Anchor, type AnchorProps, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatPhone, type PhoneLike, telHref } from "./phone";

/** A phone as a click-to-call link in its display form (`+7 916 123-45-67`), never broken across lines. */
export function PhoneLink({ phone, ...props }: { phone: PhoneLike } & AnchorProps) {
  const { t } = useTranslation();
  const text = formatPhone(phone, t("common.phoneExt"));
  const href = telHref(phone);
  const style = { whiteSpace: "nowrap" as const, flexShrink: 0 };
  if (!href)
    return (
      <Text span size={props.size ?? "sm"} style={style}>
        {text}
      </Text>
    );
  return (
    <Anchor href={href} size="sm" {...props} style={style} onClick={(e) => e.stopPropagation()}>
      {text}
    </Anchor>
  );
}
