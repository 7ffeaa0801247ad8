import { QueryClient } from "@tanstack/react-query";
import { waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { i18n } from "../../i18n";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { adminUser } from "../../test/render";
import { meQueryKey } from "../auth/api";
import { rememberSignedOutChoice, syncLanguageWithProfile } from "./languageSync";

describe("language ↔ profile", () => {
  it("applies the profile language when the user made no choice before signing in", async () => {
    const fake = installFakeFetch({});
    await syncLanguageWithProfile(new QueryClient(), { ...adminUser, language: "kk" });
    expect(i18n.language).toBe("kk");
    expect(fake.calls).toHaveLength(0);
  });

  it("saves a language picked on the sign-in page to the profile instead", async () => {
    const fake = installFakeFetch({ "PATCH /api/v1/me": () => json({ ...adminUser, language: "sr" }) });
    const queryClient = new QueryClient();
    queryClient.setQueryData(meQueryKey, adminUser);
    await i18n.changeLanguage("sr");
    rememberSignedOutChoice("sr");

    await syncLanguageWithProfile(queryClient, adminUser);

    expect(i18n.language).toBe("sr");
    await waitFor(() => expect(fake.callsTo("PATCH /api/v1/me")[0]?.body).toEqual({ language: "sr" }));
    expect(queryClient.getQueryData(meQueryKey)).toMatchObject({ language: "sr" });
  });
});
