import { useMutation, useQuery } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { problemMessage } from "../../ui/problemMessages";
import { workspaceCountryQuery } from "../settings";
import { dryRun, getImport, revertImport, runImport, saveMapping } from "./importApi";
import { dateOrderForServer, isFinished, mappingForServer } from "./importModel";
import type { MappingState } from "./MappingStep";
import type { ImportJob, ImportOptions, WizardStep } from "./types";

const DEFAULT_OPTIONS: ImportOptions = {
  duplicatePolicy: "skip",
  skipInvalidRows: false,
  matchKey: "email",
  invalidValues: "rejectRow",
  invalidPhones: "reject",
};

/**
 * The wizard's state machine: upload → mapping → options → checking (dry-run job, polling) → review → running
 * (polling) → result.
 */
export function useImportWizard() {
  const { t } = useTranslation();
  const [step, setStep] = useState<WizardStep>("upload");
  const [job, setJob] = useState<ImportJob | null>(null);
  const [mapping, setMapping] = useState<MappingState>({ columns: {} });
  const [options, setOptions] = useState<ImportOptions>(DEFAULT_OPTIONS);
  const [error, setError] = useState<string | null>(null);
  const fail = (cause: unknown) => setError(problemMessage(t, cause));
  // The workspace's country pre-fills the default phone country until the user picks one (null: none).
  const workspaceCountry = useQuery({ ...workspaceCountryQuery, staleTime: 60_000 });
  const effectiveOptions: ImportOptions = {
    ...options,
    defaultCountry:
      options.defaultCountry !== undefined
        ? options.defaultCountry
        : (workspaceCountry.data?.country ?? null),
  };

  const uploaded = useCallback((next: ImportJob) => {
    setJob(next);
    setMapping({ columns: {} });
    setOptions({
      ...DEFAULT_OPTIONS,
      // The server picks the entity's default match key when the import is created.
      matchKey: next.options.matchKey ?? DEFAULT_OPTIONS.matchKey,
      // The server's default: create the missing companies when the user may create companies.
      ...(next.options.missingCompanies ? { missingCompanies: next.options.missingCompanies } : {}),
    });
    setError(null);
    setStep("mapping");
  }, []);

  const check = useMutation({
    mutationFn: async () => {
      if (!job) throw new Error("no import");
      await saveMapping(job.id, {
        mapping: mappingForServer(mapping.columns),
        ...(mapping.encoding ? { encoding: mapping.encoding } : {}),
        ...(mapping.delimiter ? { delimiter: mapping.delimiter } : {}),
        options: { ...effectiveOptions, dateOrder: dateOrderForServer(mapping) },
      });
      return dryRun(job.id);
    },
    onMutate: () => setError(null),
    onSuccess: (next) => {
      setJob(next);
      setStep(next.status === "validated" ? "review" : "checking");
    },
    onError: fail,
  });

  // The dry run is a background job: poll until the file is checked (or the check failed).
  useQuery({
    queryKey: ["imports", job?.id, "check"],
    enabled: step === "checking" && Boolean(job),
    refetchInterval: 1_000,
    queryFn: async () => {
      const next = await getImport(job?.id ?? "");
      setJob(next);
      if (next.status === "validated") setStep("review");
      else if (next.status !== "validating") {
        setError(t("importWizard.checkFailed", { error: next.error ?? next.status }));
        setStep("options");
      }
      return next;
    },
  });

  const run = useMutation({
    mutationFn: () => runImport(job?.id ?? ""),
    onMutate: () => setError(null),
    onSuccess: (next) => {
      setJob(next);
      setStep(isFinished(next.status) ? "result" : "running");
    },
    onError: fail,
  });

  useQuery({
    queryKey: ["imports", job?.id, "progress"],
    enabled: step === "running" && Boolean(job),
    refetchInterval: 1_000,
    queryFn: async () => {
      const next = await getImport(job?.id ?? "");
      setJob(next);
      if (isFinished(next.status)) setStep("result");
      return next;
    },
  });

  const revert = useMutation({
    mutationFn: () => revertImport(job?.id ?? ""),
    onSuccess: setJob,
    onError: fail,
  });

  const restart = () => {
    setJob(null);
    setStep("upload");
    setError(null);
  };

  return {
    step,
    setStep,
    job,
    uploaded,
    mapping,
    setMapping,
    options: effectiveOptions,
    setOptions,
    check,
    run,
    revert,
    restart,
    error,
  };
}
