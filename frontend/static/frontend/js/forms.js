// In-place voting and commenting through the JSON API (session cookie + CSRF header).
// Without this module the same forms post to the server and redirect; with it the page
// stays where it is, keeps focus, and shows errors right beside the form.

import { announce, apiCall, errorMessages, setError, setFieldError } from "./dom.js";
import { t } from "./i18n.js";
import { insertComment, updateTallies } from "./idea-page.js";

// Refused because nobody is signed in (or the session expired): the server-rendered flow
// knows how to send a person to the login page and back, so let the form post normally.
const NEEDS_LOGIN = new Set([401, 403]);

function submitNatively(form, submitter) {
  form.dataset.nativeSubmit = "1";
  form.requestSubmit(submitter || undefined);
}

function setPressed(form, mine) {
  for (const button of form.querySelectorAll("button[name=value]")) {
    const value = Number(button.value);
    if (value === 0) {
      // "Take my vote back" only while there is a vote. Focus on it moves to the form's
      // first button, so a keyboard user is not dropped to the top of the page.
      if (!mine && button === document.activeElement) {
        form.querySelector("button[name=value]:not([value='0'])")?.focus();
      }
      button.hidden = !mine;
      continue;
    }
    button.setAttribute("aria-pressed", String(value === mine));
  }
}

async function onVoteSubmit(event, form) {
  if (form.dataset.nativeSubmit) return;
  event.preventDefault();
  if (form.getAttribute("aria-busy") === "true") return;
  const submitter = event.submitter;
  const value = Number(submitter?.value ?? 0);
  const idea = form.dataset.idea;
  const url = `/api/ideas/${idea}/vote/`;
  form.setAttribute("aria-busy", "true");
  const result =
    value === 0 ? await apiCall("DELETE", url, undefined, form) : await apiCall("PUT", url, { value }, form);
  form.removeAttribute("aria-busy");
  if (result.ok && result.data) {
    setError(form, "");
    updateTallies({ idea, ...result.data });
    const mine = result.data.mine ?? 0;
    setPressed(form, mine);
    announce(t(mine === 1 ? "voteUp" : mine === -1 ? "voteDown" : "voteNone"));
    return;
  }
  if (NEEDS_LOGIN.has(result.status)) {
    submitNatively(form, submitter);
    return;
  }
  const { general, fields } = errorMessages(result);
  setError(form, general || Object.values(fields).join(" "));
}

async function onCommentSubmit(event, form) {
  if (form.dataset.nativeSubmit) return;
  event.preventDefault();
  if (form.getAttribute("aria-busy") === "true") return;
  const textarea = form.querySelector("textarea[name=body]");
  const parentInput = form.querySelector("input[name=parent]");
  const submit = event.submitter || form.querySelector("button[type=submit], button:not([type])");
  const idea = form.dataset.idea;
  const body = textarea ? textarea.value : "";
  const parent = parentInput && parentInput.value ? Number(parentInput.value) : null;
  // aria-busy, not `disabled`, guards against a double post: a disabled button would drop
  // the keyboard focus to the top of the page.
  form.setAttribute("aria-busy", "true");
  const result = await apiCall("POST", `/api/ideas/${idea}/comments/`, { body, parent }, form);
  form.removeAttribute("aria-busy");
  if (result.ok && result.data) {
    setError(form, "");
    if (textarea) {
      setFieldError(textarea, "");
      // Only clear what was sent: anything typed while the request ran stays.
      if (textarea.value === body) textarea.value = "";
    }
    insertComment({ idea: Number(idea), parent, ...result.data });
    announce(t("commentPosted"));
    return;
  }
  if (NEEDS_LOGIN.has(result.status)) {
    submitNatively(form, submit);
    return;
  }
  const { general, fields } = errorMessages(result);
  const bodyError = fields.body;
  delete fields.body;
  if (textarea) setFieldError(textarea, bodyError || "");
  const rest = [general, ...Object.values(fields)].filter(Boolean).join(" ");
  setError(form, rest);
}

/**
 * A page that comes back with errors puts focus on its error summary, so it is read first
 * (the GOV.UK pattern); a link in it focuses its field and scrolls the label into view.
 */
function initErrorSummary() {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const input = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!input) return;
    event.preventDefault();
    input.focus({ preventScroll: true });
    (input.closest(".field, fieldset") || input).scrollIntoView({ block: "start" });
  });
}

export function initForms() {
  initErrorSummary();
  // Delegated, so that reply forms inside comments that arrive live work too.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.idea) return;
    if (form.hasAttribute("data-vote-form")) onVoteSubmit(event, form);
    else if (form.hasAttribute("data-comment-form")) onCommentSubmit(event, form);
  });
}
