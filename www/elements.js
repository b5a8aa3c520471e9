// Defines the gdz-* custom elements. Each element hands itself to the wasm on connect
// and disconnect; the wasm builds and runs the widget. No math happens here.
//
// Widgets mount one per task, in page order: the first on the page mounts as soon as the
// elements are defined, each of the others in a task of its own, so the first widget is
// on screen (and the page can paint and answer input) before the rest are built.
export function defineElements(names, mount, unmount) {
  const waiting = new Set();
  const next = () => {
    // The waiting element that comes first in the page (4: DOCUMENT_POSITION_FOLLOWING).
    const [el] = [...waiting].sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
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
        if (!waiting.size) queueMicrotask(next);
        waiting.add(this);
      }
      disconnectedCallback() {
        if (!waiting.delete(this)) unmount(this);
      }
    });
  }
}

// The address of the site's embed.js: this file is served at
// <site>/snippets/<crate>/www/elements.js, and embed.js sits at <site>/embed.js.
export function embedUrl() {
  return new URL('../../../embed.js', import.meta.url).href;
}
