// Live parts of the city team's workbench: the inbox follows ideas arriving, being answered,
// commented on and assigned; a challenge page shows the jury's result the moment it is
// published. Both fetch the page again and swap in the fresh region named by
// [data-live-region]; nothing is rendered twice (the server's template is the one shape).

import { announce } from "./dom.js";

const pending = new Map();

// A region someone is working in (a ticked box, a changed choice) is not swapped under their
// hands: a button offers the new state instead.
function busy(region) {
  return [...region.querySelectorAll("input, select, textarea")].some((field) => {
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked !== field.defaultChecked;
    }
    if (field.tagName === "SELECT") {
      return [...field.options].some((o) => o.selected !== o.defaultSelected);
    }
    return field.value !== field.defaultValue;
  }) || region.contains(document.activeElement);
}

async function refresh(name) {
  const region = document.querySelector(`[data-live-region="${name}"]`);
  if (!region) return;
  const response = await fetch(location.href, {
    credentials: "same-origin",
    headers: { Accept: "text/html" },
  });
  if (!response.ok) return;
  const doc = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = doc.querySelector(`[data-live-region="${name}"]`);
  if (!fresh) return;
  region.replaceChildren(...[...fresh.childNodes].map((node) => document.adoptNode(node)));
  wireReload(region, name);
  const heading = region.querySelector("h2");
  announce(heading ? heading.textContent : document.title);
}

function wireReload(region, name) {
  const button = region.querySelector("[data-live-region-reload]");
  if (button) button.addEventListener("click", () => refresh(name));
}

// Several events in a burst (a bulk answer moves many ideas) make one fetch.
function schedule(name) {
  const region = document.querySelector(`[data-live-region="${name}"]`);
  if (!region) return;
  if (busy(region)) {
    const notice = region.querySelector("[data-live-region-notice]");
    if (notice) notice.hidden = false;
    return;
  }
  clearTimeout(pending.get(name));
  pending.set(name, setTimeout(() => refresh(name), 300));
}

const inbox = () => schedule("inbox");

export const workbenchHandlers = {
  "idea.created": inbox,
  "idea.status_changed": inbox,
  "idea.withdrawn": inbox,
  "comment.created": inbox,
  "inbox.assigned": inbox,
  "evaluation.result_published": () => schedule("jury-result"),
};

export function initWorkbench() {
  for (const region of document.querySelectorAll("[data-live-region]")) {
    wireReload(region, region.getAttribute("data-live-region"));
  }
}
