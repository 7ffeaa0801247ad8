import { Select } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { teamsQuery, usersQuery } from "./directory";

interface PeopleFiltersProps {
  ownerId: string | null;
  teamId: string | null;
  onChange: (next: { ownerId: string | null; teamId: string | null }) => void;
  /** Offer "Me" (the list engine's `"me"` value) as the first owner. */
  includeMe?: boolean;
}

/** "Responsible" and "Team" selects shared by the board and the calendar. */
export function PeopleFilters({ ownerId, teamId, onChange, includeMe = false }: PeopleFiltersProps) {
  const { t } = useTranslation();
  const users = useQuery(usersQuery);
  const teams = useQuery(teamsQuery);
  return (
    <>
      <Select
        label={t("filters.owner")}
        placeholder={t("filters.anyone")}
        data={[
          ...(includeMe ? [{ value: "me", label: t("filters.me") }] : []),
          ...(users.data ?? []).map((user) => ({ value: user.id, label: user.name || user.email })),
        ]}
        value={ownerId}
        onChange={(value) => onChange({ ownerId: value, teamId })}
        clearable
        searchable
        w={{ base: "100%", xs: 200 }}
      />
      <Select
        label={t("filters.team")}
        placeholder={t("filters.anyTeam")}
        data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
        value={teamId}
        onChange={(value) => onChange({ ownerId, teamId: value })}
        clearable
        w={{ base: "100%", xs: 180 }}
      />
    </>
  );
}
