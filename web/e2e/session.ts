import type { APIRequestContext, BrowserContext } from "playwright-core";
import { invitationLink } from "./api";
import { ADMIN } from "./config";

async function csrf(context: BrowserContext): Promise<string> {
  return (await context.cookies()).find((cookie) => cookie.name === "tandem_csrf")?.value ?? "";
}

/** JSON call in a browser context's cookie jar (no page needed). */
export async function contextCall<T>(
  context: BrowserContext,
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const request: APIRequestContext = context.request;
  const response = await request.fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      "X-CSRF-Token": await csrf(context),
      Accept: "application/json",
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    ...(body ? { data: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok()) throw new Error(`${method} ${path} → ${response.status()}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/**
 * Signs the bootstrap admin in through the API in `context` (another e2e file may have replaced the initial
 * password with `…-2`, or the server may ask for it now).
 */
export async function signInAdmin(context: BrowserContext, baseUrl: string): Promise<void> {
  const second = `${ADMIN.password}-2`;
  for (const password of [ADMIN.password, second]) {
    const response = await context.request.post(`${baseUrl}/api/v1/auth/login`, {
      data: { email: ADMIN.email, password },
    });
    if (response.status() === 401) continue;
    const body = (await response.json()) as { status: string };
    if (body.status === "passwordChangeRequired")
      await contextCall(context, baseUrl, "POST", "/api/v1/auth/change-password", {
        currentPassword: password,
        newPassword: second,
      });
    return;
  }
  throw new Error("The admin could not sign in.");
}

/**
 * Invites `email` with the built-in role `roleKey` as the signed-in admin and accepts the invitation in
 * `userContext`, which is then signed in as the new user.
 */
export async function addUser(
  admin: BrowserContext,
  userContext: BrowserContext,
  baseUrl: string,
  serverLog: string,
  user: { email: string; name: string; password: string; roleKey: string },
): Promise<void> {
  const roles = await contextCall<{ items: { id: string; key: string | null }[] }>(
    admin,
    baseUrl,
    "GET",
    "/api/v1/roles",
  );
  const role = roles.items.find((item) => item.key === user.roleKey);
  if (!role) throw new Error(`No role ${user.roleKey}`);
  await contextCall(admin, baseUrl, "POST", "/api/v1/invitations", {
    email: user.email,
    name: user.name,
    roleId: role.id,
  });
  const link = await invitationLink(serverLog, user.email);
  const token = new URL(link, baseUrl).searchParams.get("token");
  const accepted = await userContext.request.post(`${baseUrl}/api/v1/invitations/accept`, {
    data: { token, name: user.name, password: user.password },
  });
  if (!accepted.ok()) throw new Error(`accept → ${accepted.status()}: ${await accepted.text()}`);
}
