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
