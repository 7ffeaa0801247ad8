import { Button, Group, Menu, Text } from "@mantine/core";
import {
  IconChevronDown,
  IconDeviceFloppy,
  IconPencil,
  IconPlus,
  IconStar,
  IconTrash,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { SavedView } from "./api";

export interface ViewSelectorProps {
  views: SavedView[];
  current: SavedView | null;
  defaultViewId: string | null;
  dirty: boolean;
  onSelect: (view: SavedView | null) => void;
  onSaveNew: () => void;
  onUpdate: () => void;
  onRename: () => void;
  onDelete: () => void;
  onSetDefault: () => void;
}

const SECTIONS = ["private", "team", "everyone"] as const;

/** The saved-views menu: private / team / everyone sections, plus actions on the current view. */
export function ViewSelector(props: ViewSelectorProps) {
  const { t } = useTranslation();
  const { current } = props;
  return (
    <Group gap={4} wrap="nowrap">
      <Menu position="bottom-start" shadow="md" width={260}>
        <Menu.Target>
          <Button
            variant="default"
            size="sm"
            rightSection={<IconChevronDown size={14} />}
            aria-label={t("views.choose")}
          >
            <Text size="sm" truncate="end" maw={180}>
              {current ? current.name : t("views.all")}
              {props.dirty ? " *" : ""}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            onClick={() => props.onSelect(null)}
            rightSection={props.defaultViewId === null ? <IconStar size={14} /> : null}
          >
            {t("views.all")}
          </Menu.Item>
          {SECTIONS.map((section) => {
            const list = props.views.filter((v) => v.visibility === section);
            if (list.length === 0) return null;
            return (
              <div key={section}>
                <Menu.Divider />
                <Menu.Label>{t(`views.sections.${section}`)}</Menu.Label>
                {list.map((view) => (
                  <Menu.Item
                    key={view.id}
                    onClick={() => props.onSelect(view)}
                    rightSection={
                      props.defaultViewId === view.id ? (
                        <IconStar size={14} aria-label={t("views.isDefault")} />
                      ) : null
                    }
                  >
                    {view.name}
                  </Menu.Item>
                ))}
              </div>
            );
          })}
        </Menu.Dropdown>
      </Menu>
      <Menu position="bottom-start" shadow="md">
        <Menu.Target>
          <Button variant="subtle" size="sm" px={8} aria-label={t("views.actions")}>
            <IconDeviceFloppy size={16} />
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconPlus size={14} />} onClick={props.onSaveNew}>
            {t("views.saveAs")}
          </Menu.Item>
          {current?.mine ? (
            <>
              <Menu.Item
                leftSection={<IconDeviceFloppy size={14} />}
                onClick={props.onUpdate}
                disabled={!props.dirty}
              >
                {t("views.update")}
              </Menu.Item>
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={props.onRename}>
                {t("views.rename")}
              </Menu.Item>
              <Menu.Item leftSection={<IconTrash size={14} />} color="red" onClick={props.onDelete}>
                {t("views.delete")}
              </Menu.Item>
            </>
          ) : null}
          <Menu.Item leftSection={<IconStar size={14} />} onClick={props.onSetDefault}>
            {t("views.setDefault")}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
