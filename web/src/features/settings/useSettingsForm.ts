import type { UseFormReturnType } from "@mantine/form";
import {
  type QueryKey,
  type UseQueryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { applyProblemToForm } from "../../ui/formErrors";
import { notifySaved } from "./common";

/**
 * A settings form backed by one GET/PUT resource: loads it into the form (and marks it clean) whenever the
 * server's copy changes, saves with the server's answer as the new copy, and puts refusals next to their
 * fields (`alert` for what no field shows).
 */
export function useSettingsForm<T extends Record<string, unknown>, K extends QueryKey>(
  query: UseQueryOptions<T, Error, T, K> & { queryKey: K },
  form: UseFormReturnType<T>,
  put: (values: T) => Promise<T>,
  onSaved?: (data: T) => void,
) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery(query);
  const [alert, setAlert] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the server data changes
  useEffect(() => {
    if (settings.data) {
      form.setValues(settings.data);
      form.resetDirty(settings.data);
    }
  }, [settings.data]);
  const save = useMutation({
    mutationFn: put,
    onSuccess: (data) => {
      queryClient.setQueryData<T>(query.queryKey, data);
      notifySaved(t);
      onSaved?.(data);
    },
    onError: (error) => setAlert(applyProblemToForm(form, error, t)),
  });
  const submit = form.onSubmit((values) => {
    setAlert(null);
    save.mutate(values);
  });
  return { settings, save, alert, submit };
}
