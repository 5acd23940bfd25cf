// Small DOM helpers shared by the live modules: announcing, error messages, CSRF, JSON calls.

import { t } from "./i18n.js";

let pending = [];
let flushTimer = null;

/**
 * Say something to screen-reader users through #live-announcer without moving focus.
 * Messages arriving together are spoken as one; the region is emptied first so that a
 * repeated message is announced again.
 */
export function announce(message) {
  const region = document.getElementById("live-announcer");
  if (!region || !message) return;
  pending.push(message);
  if (flushTimer) return;
  flushTimer = setTimeout(() => {
    const text = pending.slice(-3).join(" ");
    pending = [];
    flushTimer = null;
    region.textContent = "";
    requestAnimationFrame(() => {
      region.textContent = text;
    });
  }, 150);
}

/** Elements matching `selector` that belong to `owner` itself, not to a nested comment. */
export function ownElements(owner, selector, ownerSelector = "[data-comment-id]") {
  return [...owner.querySelectorAll(selector)].filter(
    (el) => el.closest(ownerSelector) === owner,
  );
}

export function csrfToken(form) {
  const field = form?.querySelector("input[name=csrfmiddlewaretoken]");
  if (field?.value) return field.value;
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

/**
 * Call the JSON API with the session cookie and CSRF header. Resolves to
 * `{ok, status, data}`; a network failure resolves to status 0 instead of throwing.
 */
export async function apiCall(method, url, body, form) {
  const headers = { Accept: "application/json", "X-CSRFToken": csrfToken(form) };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, data: null };
  }
  let data = null;
  if (response.status !== 204) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }
  return { ok: response.ok, status: response.status, data };
}

/** The message a failed API call should show: DRF's `detail`, or field errors, or a fallback. */
export function errorMessages(result) {
  if (result.status === 0) return { general: t("networkError"), fields: {} };
  const data = result.data;
  const fields = {};
  let general = "";
  if (data && typeof data === "object") {
    for (const [name, value] of Object.entries(data)) {
      const text = Array.isArray(value) ? value.join(" ") : String(value);
      if (name === "detail" || name === "non_field_errors") general = text;
      else fields[name] = text;
    }
  }
  if (!general && Object.keys(fields).length === 0) general = t("serverError");
  return { general, fields };
}

/** Where a person's public page is: every author name on the site links there. */
export function personUrl(id) {
  return `/people/${Number(id)}/`;
}

/** A person's name as a link to their page (`{id, display_name}`, as in every payload). */
export function personLink(person) {
  const link = document.createElement("a");
  link.href = personUrl(person.id);
  link.textContent = person.display_name || "";
  return link;
}

let errorSeq = 0;

/**
 * Show (or clear, with an empty message) an error right after `anchor`, linked to
 * `describes` through aria-describedby so it is read with the field or button group.
 */
export function setError(anchor, message, describes = null) {
  let box = anchor.nextElementSibling;
  if (!box || !box.hasAttribute("data-live-error")) {
    if (!message) return;
    box = document.createElement("p");
    box.className = "live-error";
    box.setAttribute("data-live-error", "");
    box.setAttribute("role", "alert");
    box.id = `live-error-${++errorSeq}`;
    anchor.insertAdjacentElement("afterend", box);
  }
  if (describes) {
    const ids = (describes.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    const others = ids.filter((id) => id !== box.id);
    if (message) {
      describes.setAttribute("aria-describedby", [...others, box.id].join(" "));
      describes.setAttribute("aria-invalid", "true");
    } else {
      if (others.length) describes.setAttribute("aria-describedby", others.join(" "));
      else describes.removeAttribute("aria-describedby");
      describes.removeAttribute("aria-invalid");
    }
  }
  if (!message) {
    box.remove();
    return;
  }
  box.textContent = message;
}

/**
 * Show (or clear) a field's error where and as the server renders one: above the input,
 * inside its `.field` (marked `has-error`), prefixed "Error:" for screen readers, named by
 * the input's aria-describedby, and spoken as an alert. An error the server rendered is
 * reused, not doubled.
 */
export function setFieldError(input, message) {
  const field = input.closest(".field");
  if (!field) {
    setError(input, message, input);
    return;
  }
  let box = field.querySelector(":scope > .field-error");
  if (!box && message) {
    box = document.createElement("p");
    box.className = "field-error";
    box.id = `live-error-${++errorSeq}`;
    input.insertAdjacentElement("beforebegin", box);
  }
  field.classList.toggle("has-error", Boolean(message));
  const ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
  const others = ids.filter((id) => id !== box?.id);
  if (!message) {
    box?.remove();
    if (others.length) input.setAttribute("aria-describedby", others.join(" "));
    else input.removeAttribute("aria-describedby");
    input.removeAttribute("aria-invalid");
    return;
  }
  const prefix = document.createElement("span");
  prefix.className = "visually-hidden";
  prefix.textContent = `${t("errorPrefix")} `;
  box.replaceChildren(prefix, message);
  // Focus stays on the button that sent the form: say the error at once.
  box.setAttribute("role", "alert");
  input.setAttribute("aria-describedby", [box.id, ...others].join(" "));
  input.setAttribute("aria-invalid", "true");
}

/**
 * Clone a <template>'s first element, giving every id inside it a unique suffix and
 * rewriting the attributes that point at those ids, so clones never collide.
 */
export function cloneTemplate(template, suffix) {
  const first = template.content.firstElementChild;
  if (!first) return null;
  const node = first.cloneNode(true);
  const renamed = new Map();
  for (const el of [node, ...node.querySelectorAll("[id]")]) {
    if (!el.id) continue;
    const fresh = `${el.id}-${suffix}`;
    renamed.set(el.id, fresh);
    el.id = fresh;
  }
  if (renamed.size) {
    for (const attr of ["for", "aria-describedby", "aria-labelledby", "aria-controls", "form"]) {
      for (const el of [node, ...node.querySelectorAll(`[${attr}]`)]) {
        const value = el.getAttribute(attr);
        if (value === null) continue;
        el.setAttribute(
          attr,
          value
            .split(/\s+/)
            .map((id) => renamed.get(id) || id)
            .join(" "),
        );
      }
    }
  }
  return node;
}
