import { Anchor, type AnchorProps, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatPhoneNumber, type PhoneLike, telHref } from "./phone";

const NO_WRAP = { whiteSpace: "nowrap" as const };

/**
 * A phone as a click-to-call link in its display form (`+7 916 123-45-67`), never broken inside the number; an
 * extension (`доб. 215`) may go to the next line in a narrow cell rather than being cut off.
 */
export function PhoneLink({ phone, ...props }: { phone: PhoneLike } & AnchorProps) {
  const { t } = useTranslation();
  const number = formatPhoneNumber(phone);
  const extension = phone.extension && phone.e164 ? `${t("common.phoneExt")} ${phone.extension}` : null;
  const text = extension ? (
    <>
      <span style={NO_WRAP}>{number}</span> <span style={NO_WRAP}>{extension}</span>
    </>
  ) : (
    number
  );
  // Without an extension the link keeps its width; with one it may shrink to the number and wrap the extension.
  const style = extension
    ? { whiteSpace: "normal" as const, minWidth: 0, flexShrink: 1 }
    : { ...NO_WRAP, flexShrink: 0 };
  const href = telHref(phone);
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
