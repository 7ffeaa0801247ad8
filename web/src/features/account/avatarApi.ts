import { withCsrf } from "../../api/csrf";
import { apiErrorFromResponse, networkError } from "../../api/problem";

/** The server's limit; checked here too so a large file is refused before it is sent. */
export const AVATAR_MAX_BYTES = 1024 * 1024;
export const AVATAR_ACCEPT = "image/png,image/jpeg,image/webp";

/** `/api/v1/me/avatar` for oneself, `/api/v1/users/{id}/avatar` for an administrator. */
export const avatarEndpoint = (userId?: string) =>
  userId ? `/api/v1/users/${encodeURIComponent(userId)}/avatar` : "/api/v1/me/avatar";

async function send(method: "PUT" | "DELETE", url: string, file?: File): Promise<Response> {
  const headers = withCsrf(method, new Headers({ Accept: "application/json" }));
  if (file) headers.set("Content-Type", file.type || "application/octet-stream");
  let response: Response;
  try {
    response = await globalThis.fetch(
      new Request(new URL(url, globalThis.location?.origin ?? "http://localhost"), {
        method,
        headers,
        credentials: "same-origin",
        ...(file ? { body: file } : {}),
      }),
    );
  } catch (cause) {
    throw networkError(cause);
  }
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw apiErrorFromResponse(response, body);
  }
  return response;
}

/** Uploads the image as the raw request body; the server decides from the bytes whether it is a photo. */
export async function uploadAvatar(url: string, file: File): Promise<string> {
  const response = await send("PUT", url, file);
  return ((await response.json()) as { avatarUrl: string }).avatarUrl;
}

export async function removeAvatar(url: string): Promise<void> {
  await send("DELETE", url);
}
