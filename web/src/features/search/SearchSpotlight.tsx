import { Modal, Text, TextInput } from "@mantine/core";
import { useDisclosure, useHotkeys } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useRouter } from "@tanstack/react-router";
import { type KeyboardEvent, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { problemMessage } from "../../ui/problemMessages";
import classes from "./Search.module.css";
import { optionId, SearchResults } from "./SearchResults";
import { SearchTrigger } from "./SearchTrigger";
import { hrefFor, type SearchItem } from "./searchApi";
import { MIN_QUERY_LENGTH, useGlobalSearch } from "./useSearch";

type SearchState = ReturnType<typeof useGlobalSearch>;

function SearchStatus({ query, result }: { query: string; result: SearchState }) {
  const { t } = useTranslation();
  const { data, error, isError, isFetching, enabled, debounced } = result;
  if (query.trim().length >= MIN_QUERY_LENGTH && isError) {
    return (
      <Text size="sm" c="red" ta="center" py="md" className={classes.status} role="alert">
        {t("search.failed", { reason: problemMessage(t, error) })}
      </Text>
    );
  }
  let message: string | null = null;
  if (query.trim().length < MIN_QUERY_LENGTH) message = t("search.hint");
  else if (!enabled || (isFetching && !data)) message = t("search.searching");
  else if (data && data.length === 0) message = t("search.empty", { query: debounced });
  return message ? (
    <Text size="sm" c="dimmed" ta="center" py="md" className={classes.status} role="status">
      {message}
    </Text>
  ) : null;
}

/** Header search trigger + Ctrl/Cmd+K spotlight modal with grouped, keyboard-navigable results. */
export function SearchSpotlight() {
  const { t } = useTranslation();
  const router = useRouter();
  const listId = useId();
  const [opened, { open, close }] = useDisclosure(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const result = useGlobalSearch(query);
  const groups = query.trim().length >= MIN_QUERY_LENGTH && !result.isError ? (result.data ?? []) : [];
  const flat: SearchItem[] = groups.flatMap((group) =>
    group.items.map((hit) => ({ ...hit, type: group.type })),
  );
  // Results still shown for an earlier query (debounce, request in flight) must never be opened by Enter.
  const fresh =
    result.debounced === query.trim() &&
    !result.isPlaceholderData &&
    (result.data !== undefined || result.isError);
  const [enterPending, setEnterPending] = useState(false);

  // Each opening starts empty: a query left from last time would show (and Enter open) old results.
  const dismiss = () => {
    close();
    setQuery("");
    setActive(0);
    setEnterPending(false);
  };

  useHotkeys([["mod+K", open]], []);

  // Keep the option chosen with the arrow keys visible in a long list.
  const activeId = flat.length > 0 ? optionId(listId, Math.min(active, flat.length - 1)) : null;
  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView?.({ block: "nearest" });
  }, [activeId]);

  const select = (item: SearchItem) => {
    dismiss();
    void router.navigate({ href: hrefFor(item) });
  };

  // Enter pressed before this query's results arrived opens this query's first result once they are in.
  const first = fresh ? flat[0] : undefined;
  useEffect(() => {
    if (!enterPending || !fresh) return;
    setEnterPending(false);
    if (first) select(first);
  });

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter" && !fresh && query.trim().length >= MIN_QUERY_LENGTH) {
      event.preventDefault();
      setEnterPending(true);
      return;
    }
    if (flat.length === 0) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current) => (current + step + flat.length) % flat.length);
    } else if (event.key === "Enter") {
      const item = flat[Math.min(active, flat.length - 1)];
      if (item) select(item);
    }
  };

  return (
    <>
      <SearchTrigger onOpen={open} />
      <Modal.Root opened={opened} onClose={dismiss} size="lg" yOffset="10vh">
        <Modal.Overlay />
        <Modal.Content aria-label={t("search.label")}>
          <Modal.Body pt="md">
            <TextInput
              data-autofocus
              size="md"
              value={query}
              onChange={(event) => {
                setQuery(event.currentTarget.value);
                setActive(0);
                setEnterPending(false);
              }}
              onKeyDown={onKeyDown}
              placeholder={t("search.placeholder")}
              aria-label={t("search.label")}
              leftSection={<IconSearch size={18} aria-hidden />}
              role="combobox"
              aria-expanded={flat.length > 0}
              aria-controls={listId}
              aria-autocomplete="list"
              aria-activedescendant={flat.length > 0 ? optionId(listId, active) : undefined}
              autoComplete="off"
            />
            {groups.length > 0 ? (
              <SearchResults
                listId={listId}
                groups={groups}
                activeIndex={active}
                onSelect={select}
                onHover={setActive}
              />
            ) : null}
            <SearchStatus query={query} result={result} />
          </Modal.Body>
        </Modal.Content>
      </Modal.Root>
    </>
  );
}
