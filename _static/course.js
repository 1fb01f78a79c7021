// The course's own page behaviour (loaded on every page, _config.yml html_js_files).
//
// ipywidgets sliders embedded in a static page (chapter 4's activation explorer) render with noUiSlider,
// whose handle (role="slider") has no accessible name: a screen reader announces "slider" and a number.
// Name each handle after the widget's visible description, as soon as the widget manager draws it.
(() => {
  const nameHandles = (root) => {
    root.querySelectorAll(".widget-slider, .jupyter-widget-slider, .widget-hslider, .widget-vslider").forEach((widget) => {
      const label = widget.querySelector(".widget-label, label");
      const name = label && label.textContent.trim();
      widget.querySelectorAll('[role="slider"]:not([aria-label])').forEach((handle) => {
        handle.setAttribute("aria-label", name || "slider");
      });
    });
  };
  const start = () => {
    nameHandles(document);
    new MutationObserver(() => nameHandles(document)).observe(document.body, { childList: true, subtree: true });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
