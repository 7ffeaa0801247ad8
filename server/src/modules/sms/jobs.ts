import type { AppDeps } from "../../platform/http/types.js";
import type { JobDefinition } from "../../platform/jobs/queue.js";
import { OutboundRequestError } from "../../platform/net/ssrf.js";
import { ADAPTERS } from "./providers/index.js";
import type { ProviderConfig, ProviderKind } from "./providers/types.js";
import { callbackUrl, openSecrets, providerHttp } from "./providers-service.js";
import { awaitingStatus, findMessage, findProvider } from "./repository.js";
import { SMS_SEND_JOB } from "./send-service.js";
import { applyStatus } from "./status.js";

export const SMS_POLL_JOB = "sms.poll-status";

class RetryLater extends Error {}

/**
 * Sends one queued message. Idempotent in two steps: the message is first marked `sending` in its own committed
 * transaction; only a message still `queued` is sent, so a retried or duplicated job never sends it twice. A
 * provider that refused (or a network error before any request reached it) puts it back to `queued` and the job
 * retries; a request cut off after it may have reached the provider (timeout) ends as `unknown`, never resent.
 */
export async function sendOne(deps: AppDeps, messageId: string): Promise<void> {
  const claimed = await deps.db.transaction().execute(async (trx) => {
    const m = await findMessage(trx, messageId, true);
    if (m?.status !== "queued") return null;
    await trx
      .updateTable("sms_messages")
      .set({ attempts: m.attempts + 1 })
      .where("id", "=", m.id)
      .execute();
    await applyStatus(trx, m, "sending");
    return m;
  });
  if (!claimed) return;
  const provider = await findProvider(deps.db, claimed.provider_id);
  const fail = (code: string, message: string, status: "failed" | "unknown" | "queued") =>
    deps.db.transaction().execute(async (trx) => {
      const m = await findMessage(trx, messageId, true);
      if (m) await applyStatus(trx, m, status, { errorCode: code, errorMessage: message });
    });
  if (!provider?.is_active)
    return void (await fail("provider_unavailable", "The provider was removed.", "failed"));
  const adapter = ADAPTERS[provider.kind as ProviderKind];
  let result: Awaited<ReturnType<typeof adapter.send>>;
  try {
    result = await adapter.send(
      provider.config as ProviderConfig,
      openSecrets(deps, provider),
      {
        to: claimed.phone,
        text: claimed.body,
        clientId: claimed.id,
        statusCallbackUrl: callbackUrl(deps, provider),
      },
      providerHttp(deps.config),
    );
  } catch (e) {
    if (e instanceof OutboundRequestError && e.reason === "connection_failed") {
      await fail("connection_failed", e.message, "queued");
      throw new RetryLater(e.message);
    }
    const msg = e instanceof Error ? e.message : String(e);
    const timeout = e instanceof OutboundRequestError && e.reason === "timeout";
    // After a timeout the provider may have taken it: never resend; polling/callbacks may still confirm it.
    await fail(timeout ? "timeout" : "send_error", msg, timeout ? "unknown" : "failed");
    return;
  }
  if (!result.ok && result.retriable) {
    await fail(result.code, result.message, "queued");
    throw new RetryLater(result.message);
  }
  await deps.db.transaction().execute(async (trx) => {
    const m = await findMessage(trx, messageId, true);
    if (!m) return;
    if (result.ok)
      await applyStatus(trx, m, result.status, {
        providerMessageId: result.providerMessageId,
        errorCode: null,
        errorMessage: null,
      });
    else await applyStatus(trx, m, "failed", { errorCode: result.code, errorMessage: result.message });
  });
}

/** Asks the providers about sent messages whose delivery report has not come (callbacks can be lost). */
export async function pollStatuses(deps: AppDeps, limit = 200): Promise<number> {
  const pending = await awaitingStatus(deps.db, limit);
  const byProvider = new Map<string, typeof pending>();
  for (const m of pending) byProvider.set(m.provider_id, [...(byProvider.get(m.provider_id) ?? []), m]);
  let changed = 0;
  for (const [providerId, messages] of byProvider) {
    const provider = await findProvider(deps.db, providerId);
    const adapter = provider ? ADAPTERS[provider.kind as ProviderKind] : null;
    if (!provider || !adapter?.poll) continue;
    const updates = await adapter
      .poll(
        provider.config as ProviderConfig,
        openSecrets(deps, provider),
        messages.map((m) => m.provider_message_id as string),
        providerHttp(deps.config),
      )
      .catch(() => []);
    for (const u of updates) {
      await deps.db.transaction().execute(async (trx) => {
        const m = messages.find((x) => x.provider_message_id === u.providerMessageId);
        const cur = m ? await findMessage(trx, m.id, true) : null;
        if (cur && (await applyStatus(trx, cur, u.status, { errorCode: u.errorCode ?? null }))) changed += 1;
      });
    }
  }
  return changed;
}

export function smsJobs(deps: AppDeps): JobDefinition[] {
  return [
    {
      name: SMS_SEND_JOB,
      batchSize: 1,
      retryLimit: 5,
      retryDelay: 30,
      retryBackoff: true,
      async handler(jobs) {
        for (const job of jobs) await sendOne(deps, (job.data as { messageId: string }).messageId);
      },
    },
    {
      name: SMS_POLL_JOB,
      schedule: { cron: "*/2 * * * *" },
      async handler() {
        await pollStatuses(deps);
      },
    },
  ];
}
