import { KeyboardCode, type KeyboardCoordinateGetter } from "@dnd-kit/core";

/**
 * Keyboard dragging on the board: ←/→ jump to the previous/next column (ordered by position),
 * ↑/↓ nudge within the column. Space/Enter drops, Escape cancels (dnd-kit defaults).
 */
export const columnCoordinates: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  const step = 48;
  if (event.code === KeyboardCode.Down) return { ...currentCoordinates, y: currentCoordinates.y + step };
  if (event.code === KeyboardCode.Up) return { ...currentCoordinates, y: currentCoordinates.y - step };
  if (event.code !== KeyboardCode.Right && event.code !== KeyboardCode.Left) return undefined;
  event.preventDefault();
  const rects = [...context.droppableRects.values()].sort((a, b) => a.left - b.left);
  const active = context.collisionRect ?? context.active?.rect.current.translated;
  const centerX = active ? active.left + active.width / 2 : currentCoordinates.x;
  const index = rects.findIndex((rect) => centerX >= rect.left && centerX < rect.left + rect.width);
  const target = event.code === KeyboardCode.Right ? rects[index + 1] : rects[Math.max(0, index - 1)];
  if (!target || index === -1) return currentCoordinates;
  return { x: target.left + (target.width - (active?.width ?? 0)) / 2, y: currentCoordinates.y };
};
