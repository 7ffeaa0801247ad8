import { Alert, Group, Loader, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { getImport } from "./importApi";
import type { ImportJob } from "./types";

/**
 * A large import writes its records first and enters them into global search right after, in the background
 * (`searchCatchingUp`): says so, and asks again every 2 s until search has caught up.
 */
export function SearchCatchingUp({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const { data } = useQuery({
    queryKey: ["imports", job.id, "search-catching-up"],
    enabled: job.searchCatchingUp,
    queryFn: () => getImport(job.id),
    refetchInterval: (query) => (query.state.data?.searchCatchingUp === false ? false : 2_000),
  });
  if (!(data ?? job).searchCatchingUp) return null;
  return (
    <Alert color="blue" data-testid="import-search-catching-up">
      <Group gap="xs" wrap="nowrap">
        <Loader size="xs" />
        <Text size="sm">{t("importWizard.searchCatchingUp")}</Text>
      </Group>
    </Alert>
  );
}
