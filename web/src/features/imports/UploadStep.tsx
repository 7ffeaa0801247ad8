import { Progress, SegmentedControl, Stack, Text, VisuallyHidden } from "@mantine/core";
import { IconFileSpreadsheet } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/FormAlert";
import { problemMessage } from "../../ui/problemMessages";
import { may, useEntities, useEntityLabel } from "../records";
import classes from "./Imports.module.css";
import { uploadImportFile } from "./importApi";
import type { ImportEntity, ImportJob } from "./types";

interface UploadStepProps {
  entity: ImportEntity;
  onEntityChange: (entity: ImportEntity) => void;
  onUploaded: (job: ImportJob) => void;
}

/** Drag-and-drop zone (or click to choose) for CSV/TSV, XLSX and vCard files, with upload progress. */
export function UploadStep({ entity, onEntityChange, onUploaded }: UploadStepProps) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The entities that declare import and whose records the role may import.
  const targets = useEntities().filter((e) => e.capabilities.import && may(e, "import"));
  const label = useEntityLabel();
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      onUploaded(await uploadImportFile(entity, file, setProgress));
    } catch (cause) {
      setError(problemMessage(t, cause));
      setProgress(null);
    }
  };
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Text size="sm" fw={500} id="import-entity-label">
          {t("importWizard.entity")}
        </Text>
        <SegmentedControl
          aria-labelledby="import-entity-label"
          value={entity}
          onChange={(value) => onEntityChange(value as ImportEntity)}
          data={targets.map((e) => ({
            value: e.name,
            label: t(`nav.${e.name}`, { defaultValue: label(e) }),
          }))}
        />
      </Stack>
      <FormAlert message={error} />
      <label
        className={[classes.dropzone, over ? classes.active : ""].join(" ")}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(event) => {
          event.preventDefault();
          setOver(false);
          void upload(event.dataTransfer.files[0]);
        }}
      >
        <IconFileSpreadsheet size={40} stroke={1.4} aria-hidden />
        <Text fw={500}>{t("importWizard.drop")}</Text>
        <Text size="sm" c="dimmed">
          {t("importWizard.formats")}
        </Text>
        <VisuallyHidden>
          <input
            type="file"
            accept=".csv,.tsv,.txt,.xlsx,.vcf,text/csv,text/vcard"
            onChange={(event) => void upload(event.currentTarget.files?.[0])}
            data-testid="import-file"
          />
        </VisuallyHidden>
      </label>
      {progress !== null ? (
        <Progress value={progress} animated aria-label={t("importWizard.uploading")} size="lg" />
      ) : null}
    </Stack>
  );
}
