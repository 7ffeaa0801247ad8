import { Select } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { FormAlert } from "../../ui/FormAlert";
import { problemMessage } from "../../ui/problemMessages";

/**
 * Picks an e-mail template (`GET /api/v1/templates`) and renders it against the record the letter is about
 * (`POST /api/v1/conversations/render-template`); the result fills the subject and the body.
 */
export function TemplatePicker(props: {
  record?: { entity: string; id: string } | undefined;
  onRendered: (out: { subject: string | null; html: string | null }) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [value, setValue] = useState<string | null>(null);
  const templates = useQuery({
    queryKey: ["templates", "email"],
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/templates", { params: { query: { kind: "email" } } }))).items,
    staleTime: 60_000,
  });
  const items = templates.data ?? [];
  if (items.length === 0) return null;
  const pick = async (id: string | null) => {
    setValue(id);
    setError(null);
    if (!id) return;
    try {
      const out = await unwrap(
        api.POST("/api/v1/conversations/render-template", {
          body: { templateId: id, ...(props.record ? { record: props.record } : {}) },
        }),
      );
      props.onRendered(out);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <Select
        label={t("conversations.template")}
        placeholder={t("conversations.templatePlaceholder")}
        data={items.map((tpl) => ({ value: tpl.id, label: tpl.name }))}
        value={value}
        onChange={(v) => void pick(v)}
        clearable
        searchable
      />
      {error ? <FormAlert message={problemMessage(t, error)} /> : null}
    </>
  );
}
