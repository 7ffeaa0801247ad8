import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../../test/fakeFetch";
import { renderWithProviders } from "../../../test/render";
import type { Pipeline } from "../api";
import { StageList } from "./StageList";

const pipeline: Pipeline = {
  id: "00000000-0000-4000-8000-0000000000a1",
  name: "Sales",
  position: 0,
  isDefault: true,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  stages: [
    { id: "s1", name: "New", position: 0, probability: 10, kind: "open" },
    { id: "s2", name: "Proposal", position: 1, probability: 50, kind: "open" },
    { id: "s3", name: "Won", position: 2, probability: 100, kind: "won" },
  ],
};

describe("StageList", () => {
  it("Alt+ArrowDown on a handle sends the new stage order", async () => {
    const net = installFakeFetch({
      [`PUT /api/v1/pipelines/${pipeline.id}/stages/order`]: () => json(pipeline),
    });
    renderWithProviders(<StageList pipeline={pipeline} />);
    fireEvent.keyDown(screen.getByRole("button", { name: "Move stage New" }), {
      key: "ArrowDown",
      altKey: true,
    });
    await waitFor(() =>
      expect(net.callsTo(`PUT /api/v1/pipelines/${pipeline.id}/stages/order`)).toHaveLength(1),
    );
    expect(net.calls.at(-1)?.body).toEqual({ stageIds: ["s2", "s1", "s3"] });
  });
});
