import { Paper, Text, UnstyledButton } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type KeyboardEvent, type RefObject, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { insertMention, type MentionAnchor, mentionAnchorAtCaret, mentionUsersQuery } from "./mentions";

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * `@` mentions in a contentEditable: typing `@` and part of a name lists matching active users; arrows move,
 * Enter/Tab or a click inserts `<span data-mention="<id>">@Name</span>`, Escape closes. `onInserted` gets
 * called after the DOM changed so the editor reports its new HTML.
 */
export function useMentionPicker(ref: RefObject<HTMLDivElement | null>, onInserted: () => void) {
  const { t } = useTranslation();
  const listId = useId();
  const [anchor, setAnchor] = useState<MentionAnchor | null>(null);
  const [active, setActive] = useState(0);
  const search = useDebounced(anchor?.query ?? "", 200);
  const users = useQuery({
    ...mentionUsersQuery(search),
    enabled: anchor !== null,
    placeholderData: keepPreviousData,
  });
  const options = anchor ? (users.data ?? []) : [];

  const update = () => {
    const next = ref.current ? mentionAnchorAtCaret(ref.current) : null;
    setAnchor(next);
    if (next?.query !== anchor?.query) setActive(0);
  };
  const choose = (index: number) => {
    const user = options[index];
    if (!anchor || !user) return;
    ref.current?.focus();
    insertMention(anchor, user);
    setAnchor(null);
    onInserted();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (!anchor || options.length === 0) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (i + step + options.length) % options.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      choose(Math.min(active, options.length - 1));
    } else if (event.key === "Escape") {
      event.preventDefault();
      setAnchor(null);
    }
  };

  const open = anchor !== null && (options.length > 0 || users.isFetched);
  const list = open ? (
    <Paper withBorder shadow="sm" p={4} mt={4}>
      {options.length === 0 ? (
        <Text size="sm" c="dimmed" p={4}>
          {t("timeline.editor.noPeople")}
        </Text>
      ) : (
        <div id={listId} role="listbox" aria-label={t("timeline.editor.mentionPeople")}>
          {options.map((user, index) => (
            <UnstyledButton
              key={user.id}
              role="option"
              aria-selected={index === active}
              display="block"
              w="100%"
              px={8}
              py={4}
              style={{
                borderRadius: 4,
                background: index === active ? "var(--mantine-color-default-hover)" : undefined,
              }}
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => choose(index)}
            >
              <Text size="sm" span>
                {user.name}
              </Text>
              {user.email ? (
                <Text size="xs" c="dimmed" span ml={6}>
                  {user.email}
                </Text>
              ) : null}
            </UnstyledButton>
          ))}
        </div>
      )}
    </Paper>
  ) : null;

  return {
    list,
    inputProps: {
      onKeyDown,
      onKeyUp: (event: KeyboardEvent) => {
        if (["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) update();
      },
      onClick: update,
      onBlur: () => setAnchor(null),
      "aria-autocomplete": "list" as const,
      "aria-controls": open && options.length > 0 ? listId : undefined,
    },
    update,
  };
}
