// Sets Mantine's colour-scheme attribute before React loads, so there is no light/dark flash.
(() => {
  try {
    const stored = window.localStorage.getItem("tandem-color-scheme");
    const value = stored === "light" || stored === "dark" ? stored : "auto";
    const dark =
      value === "dark" || (value === "auto" && window.matchMedia("(prefers-color-scheme: dark)").matches);
    document.documentElement.setAttribute("data-mantine-color-scheme", dark ? "dark" : "light");
  } catch {
    document.documentElement.setAttribute("data-mantine-color-scheme", "light");
  }
})();
