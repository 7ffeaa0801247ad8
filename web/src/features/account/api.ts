import { api, unwrap } from "../../api/client";

export const changeMyEmail = (body: { email: string; currentPassword: string }) =>
  unwrap(api.PATCH("/api/v1/me/email", { body }));
