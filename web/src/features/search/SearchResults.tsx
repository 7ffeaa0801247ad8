import { Stack, Text, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";
import classes from "./Search.module.css";
import { groupLabelKey, type SearchGroup, type SearchItem } from "./searchApi";

interface SearchResultsProps {
  listId: string;
  groups: SearchGroup[];
  activeIndex: number;
  onSelect: (item: SearchItem) => void;
  onHover: (index: number) => void;
}

export const optionId = (listId: string, index: number) => `${listId}-option-${index}`;

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
            {group.items.map((item) => {
              index += 1;
              const position = index;
              return (
                <UnstyledButton
                  key={`${item.type}:${item.id}`}
                  id={optionId(listId, position)}
                  role="option"
                  tabIndex={-1}
                  aria-selected={position === activeIndex}
                  className={classes.option}
                  onClick={() => onSelect(item)}
                  onMouseEnter={() => onHover(position)}
                >
                  <Text size="sm" truncate>
                    {item.title}
                  </Text>
                  {item.subtitle ? (
                    <Text size="xs" c="dimmed" truncate>
                      {item.subtitle}
                    </Text>
                  ) : null}
                </UnstyledButton>
              );
            })}
          </Stack>
        </div>
      ))}
    </div>
  );
}
