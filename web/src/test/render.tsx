import { createMemoryHistory } from "@tanstack/react-router";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import type { Me } from "../api/types";
import { App } from "../app/App";
import { AppProviders } from "../app/AppProviders";
import { createQueryClient } from "../app/queryClient";
import { createAppRouter } from "../app/router";

export function renderWithProviders(ui: ReactNode) {
  const queryClient = createQueryClient();
  return {
    queryClient,
    ...render(
      <AppProviders queryClient={queryClient} env="test">
        {ui}
      </AppProviders>,
    ),
  };
}

/** The whole application (router, guards, lazy routes) at `path`, in memory. */
export function renderApp(path: string) {
  const queryClient = createQueryClient();
  const router = createAppRouter({ queryClient }, createMemoryHistory({ initialEntries: [path] }));
  const utils = render(<App queryClient={queryClient} router={router} env="test" />);
  return { queryClient, router, ...utils };
}

export const adminUser: Me = {
  id: "00000000-0000-4000-8000-000000000001",
  email: "admin@example.com",
  name: "Ada Admin",
  phone: null,
  position: null,
  avatarUrl: null,
  language: "en",
  timeZone: "Europe/Belgrade",
  notifyByEmail: true,
  mustChangePassword: false,
  twoFactorEnabled: true,
  twoFactorSetupRequired: false,
  isAdmin: true,
  permissions: { companies: { read: "all" } },
  fieldRules: {},
  adminPermissions: [],
  team: null,
  role: { id: "00000000-0000-4000-8000-0000000000aa", name: "Administrator", key: "admin" },
};
