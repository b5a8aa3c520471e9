// Defines the gdz-* custom elements. Each element hands itself to the wasm on connect
// and disconnect; the wasm builds and runs the widget. No math happens here.
export function defineElements(names, mount, unmount) {
  for (const name of names) {
    if (customElements.get(name)) continue;
    customElements.define(name, class extends HTMLElement {
      connectedCallback() { mount(this); }
      disconnectedCallback() { unmount(this); }
    });
  }
}

// The address of the site's embed.js: this file is served at
// <site>/snippets/<crate>/www/elements.js, and embed.js sits at <site>/embed.js.
export function embedUrl() {
  return new URL('../../../embed.js', import.meta.url).href;
}
