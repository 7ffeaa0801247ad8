import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../../test/render";
import { PhoneLink } from "./PhoneLink";

describe("PhoneLink", () => {
  it("never breaks inside the number; an extension may wrap to the next line instead of being cut", () => {
    renderWithProviders(
      <PhoneLink phone={{ raw: "8 (912) 345-67-89 доб. 215", e164: "+79123456789", extension: "215" }} />,
    );
    const link = screen.getByRole("link");
    expect(link).toHaveAttribute("href", "tel:+79123456789;ext=215");
    expect(link.textContent).toMatch(/^\+7 912 345-67-89 \S+ 215$/);
    const parts = [...link.querySelectorAll("span")];
    expect(parts.map((p) => p.style.whiteSpace)).toEqual(["nowrap", "nowrap"]);
    expect(parts[0]?.textContent).toBe("+7 912 345-67-89");
    expect(link.style.whiteSpace).toBe("normal");
    expect(link.style.minWidth).toBe("0px");
  });

  it("keeps a number without extension on one line at its full width", () => {
    renderWithProviders(<PhoneLink phone={{ raw: "89161234567", e164: "+79161234567" }} />);
    const link = screen.getByRole("link");
    expect(link).toHaveTextContent("+7 916 123-45-67");
    expect(link.style.whiteSpace).toBe("nowrap");
    expect(link.style.flexShrink).toBe("0");
  });
});
