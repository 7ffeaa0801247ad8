import type { QueryClient } from "@tanstack/react-query";
import { redirect } from "@tanstack/react-router";
import type { Me } from "../api/types";
import { meQueryOptions } from "../features/auth/api";
import { safeRedirect } from "../features/auth/redirect";
import { syncLanguageWithProfile } from "../features/preferences/languageSync";
import {
  allowedSections,
  canOpenSettings,
  hasAdminPermission,
  type SettingsPath,
  sectionFor,
} from "../features/settings/access";

export interface RouterContext {
  queryClient: QueryClient;
}

interface GuardArgs {
  context: RouterContext;
  location: { href: string };
}

/** Signed-in area: no session → /login; forced password change → /change-password. */
export async function requireUser({ context, location }: GuardArgs): Promise<{ me: Me }> {
  const me = await context.queryClient.ensureQueryData(meQueryOptions);
  if (!me) throw redirect({ to: "/login", search: { redirect: location.href } });
  if (me.mustChangePassword) throw redirect({ to: "/change-password", search: { redirect: location.href } });
  if (me.twoFactorSetupRequired)
    throw redirect({ to: "/two-factor-setup", search: { redirect: location.href } });
  return { me };
}

/**
 * The signed-in area's loader: the profile language is applied before the first render, in parallel with the
 * screens' own loaders (a guard would hold them back until the language's translations have downloaded).
 */
export function applyProfileLanguage({ context }: { context: RouterContext & { me: Me } }): Promise<void> {
  return syncLanguageWithProfile(context.queryClient, context.me);
}

/** For pages that need a session but not a completed one (forced password change). */
export async function requireSession({ context, location }: GuardArgs): Promise<{ me: Me }> {
  const me = await context.queryClient.ensureQueryData(meQueryOptions);
  if (!me) throw redirect({ to: "/login", search: { redirect: location.href } });
  return { me };
}

/** Sign-in page: a fully signed-in user goes straight to where they were heading. */
export async function redirectIfSignedIn(context: RouterContext, target: string | undefined): Promise<void> {
  const me = await context.queryClient.ensureQueryData(meQueryOptions).catch(() => null);
  if (me && !me.mustChangePassword && !me.twoFactorSetupRequired)
    throw redirect({ href: safeRedirect(target) });
}

export function requireAdmin(me: Me): void {
  if (!canOpenSettings(me)) throw redirect({ to: "/my-day" });
}

/** `/settings` opens the first section the user may manage. */
export function redirectToFirstSettingsSection(me: Me): never {
  const first = allowedSections(me)[0];
  throw redirect({ to: first ? first.to : "/my-day" });
}

/** A settings section needs its administrative permission; otherwise back to the first allowed one. */
export function requireSettingsSection(me: Me, path: SettingsPath): void {
  const section = sectionFor(path);
  if (section && !hasAdminPermission(me, section.permission)) redirectToFirstSettingsSection(me);
}

export interface RedirectSearch {
  redirect?: string;
}

export function validateRedirectSearch(search: Record<string, unknown>): RedirectSearch {
  return typeof search.redirect === "string" ? { redirect: search.redirect } : {};
}

export interface TokenSearch {
  token?: string;
}

export function validateTokenSearch(search: Record<string, unknown>): TokenSearch {
  return typeof search.token === "string" && search.token ? { token: search.token } : {};
}

export interface ImportSearch {
  entity?: "companies" | "contacts" | "deals";
}

export function validateImportSearch(search: Record<string, unknown>): ImportSearch {
  const entity = search.entity;
  return entity === "companies" || entity === "contacts" || entity === "deals" ? { entity } : {};
}
