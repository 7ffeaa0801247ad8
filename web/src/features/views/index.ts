/** What other features use of saved views: the views API and the user's default view and column widths. */
export {
  createView,
  deleteView,
  fetchViews,
  getDefaultView,
  getWidths,
  type SavedView,
  saveWidths,
  setDefaultView,
  updateView,
  viewsKey,
} from "./api";
