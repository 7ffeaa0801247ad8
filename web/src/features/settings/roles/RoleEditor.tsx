import {
  Button,
  Checkbox,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Switch,
  Tabs,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMediaQuery } from "@mantine/hooks";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { FormAlert } from "../../../ui/FormAlert";
import { applyProblemToForm } from "../../../ui/formErrors";
import type { PermissionCatalog, Role } from "../api";
import { notifySaved } from "../common";
import { FieldRulesEditor } from "./FieldRulesEditor";
import { PermissionGrid } from "./PermissionGrid";
import { draftFromRole, type RoleDraft, rolePayload } from "./roleForm";

interface RoleEditorProps {
  /** The role being edited; null creates a new one (from `template` when cloning). */
  editing: Role | null;
  template?: Role | null;
  catalog: PermissionCatalog;
  onClose: () => void;
}

export function RoleEditor({ editing: role, template, catalog, onClose }: RoleEditorProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const phone = useMediaQuery("(max-width: 48em)");
  const [alert, setAlert] = useState<string | null>(null);
  const initial = role
    ? draftFromRole(role, catalog)
    : draftFromRole(
        template ?? null,
        catalog,
        template ? t("settings.roles.copyName", { name: template.name }) : "",
      );
  const form = useForm<RoleDraft>({
    initialValues: initial,
    validate: { name: (value) => (value.trim() ? null : t("settings.required")) },
  });
  const save = useMutation({
    mutationFn: (draft: RoleDraft) => {
      const body = rolePayload(draft, catalog);
      return role
        ? unwrap(api.PATCH("/api/v1/roles/{id}", { params: { path: { id: role.id } }, body }))
        : unwrap(api.POST("/api/v1/roles", { body }));
    },
    onSuccess: () => {
      notifySaved(t);
      void queryClient.invalidateQueries({ queryKey: ["settings", "roles"] });
      onClose();
    },
    onError: (error) => setAlert(applyProblemToForm(form, error, t)),
  });
  const values = form.getValues();
  return (
    <Modal
      opened
      onClose={onClose}
      size="90rem"
      fullScreen={phone}
      title={role ? role.name : t("settings.roles.create")}
    >
      <form
        noValidate
        onSubmit={form.onSubmit((draft) => {
          setAlert(null);
          save.mutate(draft);
        })}
      >
        <Stack gap="md">
          <FormAlert message={alert} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t("settings.roles.name")} required {...form.getInputProps("name")} />
            <Textarea label={t("settings.roles.description")} {...form.getInputProps("description")} />
          </SimpleGrid>
          <Switch
            label={t("settings.roles.requireTwoFactor")}
            {...form.getInputProps("requireTwoFactor", { type: "checkbox" })}
          />
          <Tabs defaultValue="grid" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="grid">{t("settings.roles.permissions")}</Tabs.Tab>
              <Tabs.Tab value="fields">{t("settings.roles.fieldRules")}</Tabs.Tab>
              <Tabs.Tab value="admin">{t("settings.roles.adminPermissions")}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="grid" pt="sm">
              <PermissionGrid
                grid={values.grid}
                entities={catalog.entities}
                actions={catalog.actions}
                onChange={(grid) => form.setFieldValue("grid", grid)}
              />
            </Tabs.Panel>
            <Tabs.Panel value="fields" pt="sm">
              <FieldRulesEditor
                rules={values.fieldRules}
                onChange={(rules) => form.setFieldValue("fieldRules", rules)}
              />
            </Tabs.Panel>
            <Tabs.Panel value="admin" pt="sm">
              <Checkbox.Group
                label={t("settings.roles.adminPermissions")}
                value={values.adminPermissions}
                onChange={(checked) => form.setFieldValue("adminPermissions", checked)}
              >
                <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
                  {catalog.adminPermissions.map((permission) => (
                    <Checkbox
                      key={permission}
                      value={permission}
                      label={t(`settings.roles.admin.${permission.replace(".", "_")}`, {
                        defaultValue: permission,
                      })}
                    />
                  ))}
                </SimpleGrid>
              </Checkbox.Group>
            </Tabs.Panel>
          </Tabs>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
