import { Alert, Button, Group, Select, Skeleton, Stack, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { tagsQuery } from "../../ui/people/directory";
import { PeopleFilters } from "../../ui/people/PeopleFilters";
import { problemMessage } from "../../ui/problemMessages";
import { usePageTitle } from "../../ui/usePageTitle";
import classes from "./Board.module.css";
import { BoardTotals } from "./BoardTotals";
import { PipelineBoard } from "./PipelineBoard";
import type { BoardFilters } from "./types";
import { useBoardData } from "./useBoardData";
import { useBoardMove } from "./useBoardMove";

const PIPELINE_KEY = "tandem.board.pipeline";

function BoardSkeleton() {
  return (
    <div className={classes.board} aria-hidden>
      {[0, 1, 2, 3].map((index) => (
        <div key={index} className={classes.column}>
          <Stack p="sm" gap="xs">
            <Skeleton height={18} width="60%" />
            <Skeleton height={72} radius="md" />
            <Skeleton height={72} radius="md" />
          </Stack>
        </div>
      ))}
    </div>
  );
}

export function PipelineBoardPage() {
  const { t } = useTranslation();
  usePageTitle(t("nav.pipeline"));
  const [pipelineId, setPipelineId] = useState<string | null>(() => localStorage.getItem(PIPELINE_KEY));
  const [filters, setFilters] = useState<BoardFilters>({ ownerId: null, teamId: null, tag: null });
  const data = useBoardData(pipelineId, filters);
  const tags = useQuery(tagsQuery);
  const move = useBoardMove(data.pipeline?.id ?? "", data.filter);

  const choosePipeline = (id: string | null) => {
    setPipelineId(id);
    if (id) localStorage.setItem(PIPELINE_KEY, id);
  };
  const error = data.pipelines.error ?? data.board.error;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Title order={1} size="h2">
          {t("nav.pipeline")}
        </Title>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label={t("board.pipeline")}
            data={(data.pipelines.data ?? []).map((item) => ({ value: item.id, label: item.name }))}
            value={data.pipeline?.id ?? null}
            onChange={choosePipeline}
            allowDeselect={false}
            w={{ base: "100%", xs: 200 }}
          />
          <PeopleFilters
            ownerId={filters.ownerId}
            teamId={filters.teamId}
            onChange={(people) => setFilters((current) => ({ ...current, ...people }))}
          />
          <Select
            label={t("filters.tag")}
            placeholder={t("filters.anyTag")}
            data={(tags.data ?? []).map((tag) => tag.name)}
            value={filters.tag}
            onChange={(tag) => setFilters((current) => ({ ...current, tag }))}
            clearable
            searchable
            w={{ base: "100%", xs: 160 }}
          />
        </Group>
      </Group>
      {error ? (
        <Alert color="red" title={t("app.errorTitle")}>
          <Group justify="space-between">
            <span>{problemMessage(t, error)}</span>
            <Button size="compact-sm" variant="light" onClick={() => void data.board.refetch()}>
              {t("app.retry")}
            </Button>
          </Group>
        </Alert>
      ) : null}
      {data.board.data ? <BoardTotals board={data.board.data} /> : null}
      {data.pipeline && data.board.data ? (
        <PipelineBoard
          pipeline={data.pipeline}
          board={data.board.data}
          companies={data.companies}
          loadingStages={data.loadingStages}
          onLoadMore={(stageId) => void data.loadMore(stageId)}
          onMove={(variables) => move.mutate(variables)}
        />
      ) : error ? null : (
        <BoardSkeleton />
      )}
    </Stack>
  );
}
