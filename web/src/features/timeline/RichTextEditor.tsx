import { ActionIcon, Group, Paper } from "@mantine/core";
import { IconBold, IconItalic, IconLink, IconList, IconListNumbers } from "@tabler/icons-react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import classes from "./RichText.module.css";
import { useMentionPicker } from "./useMentionPicker";

/**
 * A minimal rich-text editor (bold, italic, lists, links, `@` mentions of colleagues) on contentEditable; the
 * server sanitizes the HTML. Small on purpose: no editor library in the record page chunk.
 */
export function RichTextEditor({
  label,
  onChange,
  initialHtml,
}: {
  label: string;
  onChange: (html: string) => void;
  /** Sanitized HTML to edit (an activity's stored body, as the server returned it). */
  initialHtml?: string;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  // Set once when mounted: the element's own content is the editor's state afterwards.
  const initial = useRef(initialHtml);
  useEffect(() => {
    if (ref.current && initial.current) ref.current.innerHTML = initial.current;
  }, []);
  const mentions = useMentionPicker(ref, () => onChange(ref.current?.innerHTML ?? ""));
  const exec = (command: string, value?: string) => {
    ref.current?.focus();
    document.execCommand(command, false, value);
    onChange(ref.current?.innerHTML ?? "");
  };
  const tools = [
    { key: "bold", icon: <IconBold size={16} />, run: () => exec("bold") },
    { key: "italic", icon: <IconItalic size={16} />, run: () => exec("italic") },
    { key: "bulletList", icon: <IconList size={16} />, run: () => exec("insertUnorderedList") },
    { key: "orderedList", icon: <IconListNumbers size={16} />, run: () => exec("insertOrderedList") },
    {
      key: "link",
      icon: <IconLink size={16} />,
      run: () => {
        const url = window.prompt(t("timeline.editor.linkPrompt"), "https://");
        if (url && /^https?:\/\//i.test(url)) exec("createLink", url);
      },
    },
  ];
  return (
    <Paper withBorder radius="sm">
      <Group gap={2} p={4} role="toolbar" aria-label={t("timeline.editor.toolbar")}>
        {tools.map((tool) => (
          <ActionIcon
            key={tool.key}
            variant="subtle"
            color="gray"
            aria-label={t(`timeline.editor.${tool.key}`)}
            onMouseDown={(e) => e.preventDefault()}
            onClick={tool.run}
          >
            {tool.icon}
          </ActionIcon>
        ))}
      </Group>
      {/* biome-ignore lint/a11y/useSemanticElements: a rich-text area cannot be a textarea */}
      <div
        ref={ref}
        className={classes.richText}
        role="textbox"
        aria-multiline="true"
        aria-label={label}
        tabIndex={0}
        contentEditable
        suppressContentEditableWarning
        {...mentions.inputProps}
        onInput={() => {
          onChange(ref.current?.innerHTML ?? "");
          mentions.update();
        }}
        style={{
          minHeight: 96,
          padding: "8px 12px",
          borderTop: "1px solid var(--mantine-color-default-border)",
          outline: "none",
        }}
      />
      {mentions.list}
    </Paper>
  );
}
