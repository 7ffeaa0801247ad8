import type { Widget } from "./types";

export const COLUMNS = 12;

/** A new report widget below the others, half the width. */
export function placeWidget(widgets: Widget[], reportId: string): Widget[] {
  const y = widgets.reduce((m, w) => Math.max(m, w.y + w.h), 0);
  const id = `w${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  return [...widgets, { id, kind: "report", reportId, x: 0, y, w: 6, h: 4 }];
}

export type Move = "left" | "right" | "up" | "down" | "wider" | "narrower" | "taller" | "shorter";

/** Moves or resizes one widget within the 12-column grid. */
export function moveWidget(w: Widget, move: Move): Widget {
  switch (move) {
    case "left":
      return { ...w, x: Math.max(0, w.x - 1) };
    case "right":
      return { ...w, x: Math.min(COLUMNS - w.w, w.x + 1) };
    case "up":
      return { ...w, y: Math.max(0, w.y - 1) };
    case "down":
      return { ...w, y: Math.min(1000, w.y + 1) };
    case "wider":
      return { ...w, w: Math.min(COLUMNS - w.x, w.w + 1) };
    case "narrower":
      return { ...w, w: Math.max(2, w.w - 1) };
    case "taller":
      return { ...w, h: Math.min(20, w.h + 1) };
    case "shorter":
      return { ...w, h: Math.max(2, w.h - 1) };
  }
}
