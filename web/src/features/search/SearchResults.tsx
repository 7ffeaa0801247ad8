import { Stack, Text, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";
import classes from "./Search.module.css";
import {
  groupLabelKey,
  highlightFieldKey,
  labelled,
  type SearchGroup,
  type SearchHighlight,
  type SearchItem,
  secondaryLine,
  splitHighlight,
} from "./searchApi";

interface SearchResultsProps {
  listId: string;
  groups: SearchGroup[];
  activeIndex: number;
  onSelect: (item: SearchItem) => void;
  onHover: (index: number) => void;
}

export const optionId = (listId: string, index: number) => `${listId}-option-${index}`;

/** The value with its matched part marked. */
function Highlighted({ highlight }: { highlight: SearchHighlight }) {
  const [before, match, after] = splitHighlight(highlight);
  return (
    <>
      {before}
      {match ? <mark className={classes.mark}>{match}</mark> : null}
      {after}
    </>
  );
}

function ResultText({ item }: { item: SearchItem }) {
  const { t } = useTranslation();
  const secondary = secondaryLine(item);
  const titleMatched = secondary.highlight === null && item.highlight.value === item.title;
  return (
    <>
      <Text size="sm" truncate>
        {titleMatched ? <Highlighted highlight={item.highlight} /> : item.title}
      </Text>
      {secondary.highlight ? (
        <Text size="xs" c="dimmed" truncate>
          {labelled(secondary.highlight.field) ? (
            <>{t(highlightFieldKey(secondary.highlight.field))}: </>
          ) : null}
          <Highlighted highlight={secondary.highlight} />
          {secondary.subtitle ? ` · ${secondary.subtitle}` : null}
        </Text>
      ) : secondary.subtitle ? (
        <Text size="xs" c="dimmed" truncate>
          {secondary.subtitle}
        </Text>
      ) : null}
    </>
  );
}

/** Grouped result list (a listbox driven by the search input, which keeps focus). */
export function SearchResults({ listId, groups, activeIndex, onSelect, onHover }: SearchResultsProps) {
  const { t } = useTranslation();
  let index = -1;
  return (
    <div id={listId} role="listbox" aria-label={t("search.label")} className={classes.list}>
      {groups.map((group) => (
        // biome-ignore lint/a11y/useSemanticElements: inside an ARIA listbox, option groups must be role="group"
        <div key={group.type} role="group" aria-label={t(groupLabelKey(group.type))}>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="sm" pb={4} aria-hidden>
            {t(groupLabelKey(group.type))}
          </Text>
          <Stack gap={0}>
            {group.items.map((hit) => {
              index += 1;
              const position = index;
              const item: SearchItem = { ...hit, type: group.type };
              return (
                <UnstyledButton
                  key={`${group.type}:${hit.id}`}
                  id={optionId(listId, position)}
                  role="option"
                  tabIndex={-1}
                  aria-selected={position === activeIndex}
                  aria-label={item.subtitle ? `${item.title}, ${item.subtitle}` : item.title}
                  className={classes.option}
                  onClick={() => onSelect(item)}
                  onMouseEnter={() => onHover(position)}
                >
                  <ResultText item={item} />
                </UnstyledButton>
              );
            })}
          </Stack>
        </div>
      ))}
    </div>
  );
}
