// Defines the gdz-* custom elements. Each element hands itself to the wasm on connect
// and disconnect; the wasm builds and runs the widget. No math happens here.
//
// The widgets already in the page when the elements are defined mount one per task, in
// page order, so the first is on screen (and the page can paint and answer input) before
// the rest are built. A widget added later mounts at once, unless some are still waiting.
export function defineElements(names, mount, unmount) {
  const waiting = new Set();
  let defining = true;
  const next = () => {
    // The waiting element that comes first in the page (2: DOCUMENT_POSITION_PRECEDING).
    let el = null;
    for (const w of waiting) if (!el || el.compareDocumentPosition(w) & 2) el = w;
    if (el) {
      waiting.delete(el);
      setTimeout(next);
      mount(el);
    }
  };
  for (const name of names) {
    if (customElements.get(name)) continue;
    customElements.define(name, class extends HTMLElement {
      connectedCallback() {
        if (defining || waiting.size) waiting.add(this);
        else mount(this);
      }
      disconnectedCallback() {
        if (!waiting.delete(this)) unmount(this);
      }
    });
  }
  defining = false;
  if (waiting.size) queueMicrotask(next);
}

// The address of the site's embed.js: this file is served at
// <site>/snippets/<crate>/www/elements.js, and embed.js sits at <site>/embed.js.
export function embedUrl() {
  return new URL('../../../embed.js', import.meta.url).href;
}
