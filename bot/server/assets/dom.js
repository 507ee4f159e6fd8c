// Page helpers the staff pages share (the console and the admin pages): finding and building
// elements, with text always set through textContent and never parsed as markup.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);

  /** Fills each "{name}" in template from values; names not in values stay as they are. */
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
  }

  /** Creates an element: "text" sets textContent, "class" the class, on… functions listen. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    return append(node, children);
  }

  /** The same for SVG elements (charts): attributes only, text through textContent. */
  function svg(tag, attributes, ...children) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, String(value));
    }
    return append(node, children);
  }

  window.ZaednoDom = Object.freeze({ $, format, el, svg });
})();
