import { screen } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { company, companyFields, giveElementsLayout, uuid } from "../../test/listFixtures";
import { adminUser, renderApp } from "../../test/render";

// The breadcrumb cuts a long record name at 240 px with "…"; its tooltip (title) shows the whole name.
const slow = { timeout: 20_000 };
const C1 = uuid(1);
const NAME = "ООО «Северо-Западная логистическая компания по поставкам складского оборудования»";

beforeAll(giveElementsLayout);

describe("record page breadcrumb", { timeout: 60_000 }, () => {
  it("shows the record's full name as the tooltip of its cut crumb", async () => {
    installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
      "GET /api/v1/custom-fields": () => json({ items: [] }),
      "GET /api/v1/custom-fields/meta/companies": () => json({ items: companyFields }),
      "GET /api/v1/meta/entities/companies/assignees": () => json({ items: [] }),
      "GET /api/v1/contacts": () => json({ items: [], nextCursor: null }),
      "GET /api/v1/deals": () => json({ items: [], nextCursor: null }),
      "GET /api/v1/tasks": () => json({ items: [], nextCursor: null }),
      [`GET /api/v1/timeline/companies/${C1}`]: () => json({ items: [], nextCursor: null }),
      [`GET /api/v1/companies/${C1}`]: () => json(company(1, NAME)),
    });
    renderApp(`/companies/${C1}`);
    expect(await screen.findByRole("heading", { name: NAME }, slow)).toBeInTheDocument();
    const crumbs = document.querySelector(".mantine-Breadcrumbs-root") as HTMLElement;
    const crumb = [...crumbs.querySelectorAll<HTMLElement>("p")].find((el) => el.textContent === NAME);
    expect(crumb).toBeDefined();
    expect(crumb).toHaveAttribute("title", NAME);
  });
});
