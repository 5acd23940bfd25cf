// In-place voting and commenting through the JSON API (session cookie + CSRF header).
// Without this module the same forms post to the server and redirect; with it the page
// stays where it is, keeps focus, and shows errors right beside the form.

import { announce, apiCall, errorMessages, setError } from "./dom.js";
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
    if (value === 0) continue;
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
      setError(textarea, "", textarea);
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
  if (textarea) setError(textarea, bodyError || "", textarea);
  const rest = [general, ...Object.values(fields)].filter(Boolean).join(" ");
  setError(form, rest);
}

export function initForms() {
  // Delegated, so that reply forms inside comments that arrive live work too.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.idea) return;
    if (form.hasAttribute("data-vote-form")) onVoteSubmit(event, form);
    else if (form.hasAttribute("data-comment-form")) onCommentSubmit(event, form);
  });
}
