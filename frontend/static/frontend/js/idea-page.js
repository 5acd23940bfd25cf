// Live updates on an idea page: vote tallies, comments (new, edited, deleted), comment
// count and the idea's status. Only the affected elements change; nothing a person is
// typing in is ever replaced.

import { announce, cloneTemplate, ownElements, personLink, personUrl } from "./dom.js";
import { formatDate, formatNumber, sectorLabel, statusLabel, t } from "./i18n.js";

export function updateTallies({ idea, up, down, score }) {
  const values = { up, down, score };
  for (const [kind, value] of Object.entries(values)) {
    if (value === undefined) continue;
    for (const el of document.querySelectorAll(`[data-tally="${kind}"][data-idea="${idea}"]`)) {
      const text = formatNumber(value);
      if (el.textContent !== text) el.textContent = text;
    }
  }
}

function updateCommentCount(idea, count) {
  if (typeof count !== "number") return;
  for (const el of document.querySelectorAll(`[data-comment-count][data-idea="${idea}"]`)) {
    el.textContent = formatNumber(count);
  }
}

/** Is the person typing inside `el` right now? Then it must not be touched. */
function isTypingIn(el) {
  const active = document.activeElement;
  return Boolean(active && el.contains(active) && active.matches("textarea, input, select"));
}

function fillSlot(root, name, fill) {
  for (const slot of ownElements(root, `[data-slot="${name}"]`)) fill(slot);
}

/** Build the <li> of a comment from `#comment-template` and an event or API payload. */
export function renderComment(comment) {
  const template = document.getElementById("comment-template");
  if (!template) return null;
  const li = cloneTemplate(template, `c${comment.id}`);
  if (!li) return null;
  li.id = `comment-${comment.id}`;
  li.setAttribute("data-comment-id", String(comment.id));
  const author = comment.author || {};
  fillSlot(li, "author", (el) => {
    el.textContent = author.display_name || "";
    if (author.id !== undefined) el.setAttribute("href", personUrl(author.id));
  });
  fillSlot(li, "sector", (el) => {
    el.textContent = sectorLabel(author.sector);
  });
  fillSlot(li, "time", (el) => {
    if (el.tagName === "TIME") el.setAttribute("datetime", comment.created_at || "");
    el.textContent = formatDate(comment.created_at);
  });
  fillSlot(li, "body", (el) => {
    // Sanitised on the server (core.markup: Markdown without raw HTML, then nh3).
    el.innerHTML = comment.html ?? comment.body_html ?? "";
  });
  const viewer = template.getAttribute("data-viewer");
  if (viewer && !comment.deleted && String(author.id) === viewer) {
    fillSlot(li, "own-actions", (el) => {
      for (const link of el.querySelectorAll("a[href]")) {
        link.setAttribute("href", link.getAttribute("href").replace("/0/", `/${comment.id}/`));
      }
      el.hidden = false;
    });
  }
  if (comment.parent) {
    // Replies go one level deep: a reply carries no reply list and no reply form.
    for (const el of li.querySelectorAll("[data-replies], .reply-box, [data-comment-form]")) {
      el.remove();
    }
  } else {
    for (const input of li.querySelectorAll("[data-comment-form] input[name=parent]")) {
      input.value = String(comment.id);
    }
  }
  if (comment.deleted) markDeleted(li);
  else if (comment.hidden != null) markHidden(li, comment.hidden);
  return li;
}

function repliesOf(parentLi) {
  let list = ownElements(parentLi, "[data-replies]")[0];
  if (!list) {
    list = document.createElement("ol");
    list.setAttribute("data-replies", "");
    parentLi.append(list);
  }
  return list;
}

/** Put a comment into the thread unless it is already there (own post, replay, reload). */
export function insertComment(comment) {
  if (document.getElementById(`comment-${comment.id}`)) return false;
  let container;
  if (comment.parent) {
    const parentLi = document.getElementById(`comment-${comment.parent}`);
    if (!parentLi) return false;
    container = repliesOf(parentLi);
  } else {
    container = document.querySelector(`[data-comment-list][data-idea="${comment.idea}"]`);
  }
  if (!container) return false;
  const li = renderComment(comment);
  if (!li) return false;
  container.append(li);
  container.hidden = false;
  for (const empty of document.querySelectorAll(`[data-comment-empty]`)) empty.hidden = true;
  return true;
}

function markDeleted(li) {
  li.setAttribute("data-deleted", "");
  for (const body of ownElements(li, "[data-comment-body], [data-slot=body]")) {
    if (isTypingIn(body)) continue;
    body.classList.add("deleted");
    const p = document.createElement("p");
    p.textContent = t("deletedBody");
    body.replaceChildren(p);
  }
  // Like a server-rendered deleted comment: no author line, no edit/delete links, and no
  // reply box (a reply to it would be refused) unless someone is typing in it right now.
  for (const el of ownElements(li, ".meta, .comment-actions, [data-comment-actions]")) {
    el.remove();
  }
  for (const box of ownElements(li, ".reply-box, [data-comment-form]")) {
    if (!isTypingIn(box)) box.remove();
  }
}

function onCommentCreated(data) {
  if (insertComment(data)) {
    const author = data.author?.display_name || "";
    announce(t(data.parent ? "newReply" : "newComment", { author }));
  }
  updateCommentCount(data.idea, data.comment_count);
}

function onCommentUpdated(data) {
  const li = document.getElementById(`comment-${data.id}`);
  if (!li) {
    onCommentCreated(data);
    return;
  }
  for (const body of ownElements(li, "[data-comment-body], [data-slot=body]")) {
    if (isTypingIn(body)) continue;
    body.innerHTML = data.html ?? "";
  }
  announce(t("commentEdited"));
}

function onCommentDeleted(data) {
  const li = document.getElementById(`comment-${data.id}`);
  if (li && !li.hasAttribute("data-deleted")) {
    markDeleted(li);
    announce(t("commentDeleted"));
  }
  updateCommentCount(data.idea, data.comment_count);
}

/** Replace a comment's body by the moderation placeholder with the public reason. */
function markHidden(li, reason) {
  li.setAttribute("data-hidden", "");
  for (const body of ownElements(li, "[data-comment-body], [data-slot=body]")) {
    body.classList.add("deleted");
    const p = document.createElement("p");
    p.textContent = t("hiddenBody", { reason: reason || "" });
    body.replaceChildren(p);
  }
  for (const el of ownElements(li, ".meta, .comment-actions, [data-comment-actions]")) {
    el.remove();
  }
}

function onCommentHidden(data) {
  const li = document.getElementById(`comment-${data.id}`);
  if (data.hidden == null) {
    // A replayed event whose comment has been restored since: it shows its text again.
    onCommentRestored(data);
    return;
  }
  if (li && !li.hasAttribute("data-hidden")) {
    markHidden(li, data.hidden);
    announce(t("commentHidden"));
  }
  updateCommentCount(data.idea, data.comment_count);
}

function onCommentRestored(data) {
  const old = document.getElementById(`comment-${data.id}`);
  if (old && !old.hasAttribute("data-hidden")) {
    updateCommentCount(data.idea, data.comment_count);
    return;
  }
  const li = renderComment(data);
  if (old && li) {
    // Keep the replies that hang below it.
    const replies = ownElements(old, "[data-replies]")[0];
    const fresh = ownElements(li, "[data-replies]")[0];
    if (replies && fresh) fresh.replaceWith(replies);
    old.replaceWith(li);
  } else if (!old) {
    insertComment(data);
  }
  announce(t("commentRestored"));
  updateCommentCount(data.idea, data.comment_count);
}

/** Move the funnel's "current" mark to `status`; the exit ("not pursued") sits apart. */
function updateFunnel(idea, status) {
  for (const funnel of document.querySelectorAll(`[data-funnel][data-idea="${idea}"]`)) {
    const section = funnel.parentElement;
    for (const step of [...funnel.children, ...section.querySelectorAll("[data-funnel-exit]")]) {
      const current = step.getAttribute("data-step") === status;
      if (current) step.classList.add("reached");
      step.classList.toggle("current", current);
      if (step.hasAttribute("data-funnel-exit")) {
        step.hidden = !current;
        continue;
      }
      const marker = step.querySelector("[data-current-marker]");
      if (current) {
        step.setAttribute("aria-current", "step");
        if (!marker) {
          const span = document.createElement("span");
          span.className = "visually-hidden";
          span.setAttribute("data-current-marker", "");
          span.textContent = `(${t("currentStatus")})`;
          step.append(" ", span);
        }
      } else {
        step.removeAttribute("aria-current");
        if (marker) {
          marker.remove();
          // The label and the space before the marker share one text node.
          step.normalize();
          if (step.lastChild?.nodeType === Node.TEXT_NODE) {
            step.lastChild.textContent = step.lastChild.textContent.trimEnd();
          }
        }
      }
    }
  }
}

/** Add the official response (or the bare status change) to the list of responses. */
function insertResponse(idea, change) {
  const list = document.querySelector(`[data-responses][data-idea="${idea}"]`);
  if (!list || change.id === undefined || document.getElementById(`response-${change.id}`)) {
    return false;
  }
  const li = document.createElement("li");
  li.className = "response";
  li.id = `response-${change.id}`;
  const meta = document.createElement("p");
  meta.className = "meta";
  meta.append(
    t("statusFromTo", { from: statusLabel(change.from), to: statusLabel(change.to) }),
    " · ",
  );
  if (change.by?.id !== undefined) meta.append(personLink(change.by), " · ");
  const time = document.createElement("time");
  time.setAttribute("datetime", change.at || "");
  time.textContent = formatDate(change.at);
  meta.append(time);
  li.append(meta);
  if (change.html) {
    const prose = document.createElement("div");
    prose.className = "prose";
    // Sanitised on the server (core.markup), like comments.
    prose.innerHTML = change.html;
    li.append(prose);
  }
  list.append(li);
  for (const heading of document.querySelectorAll("[data-responses-heading]")) {
    heading.hidden = false;
  }
  return Boolean(change.html);
}

function onStatusChanged(data) {
  const label = statusLabel(data.status);
  let changed = false;
  for (const el of document.querySelectorAll(`[data-idea-status][data-idea="${data.id}"]`)) {
    if (el.getAttribute("data-status") === data.status) continue;
    el.textContent = label;
    el.setAttribute("data-status", data.status);
    changed = true;
  }
  updateFunnel(data.id, data.status);
  // The change itself: `response` today, `change` if the payload takes the API's history shape.
  const response = data.response || data.change;
  const answered =
    Boolean(response) &&
    insertResponse(data.id, {
      id: response.id,
      from: response.from_status ?? data.from_status,
      to: response.to_status ?? data.status,
      html: response.html || "",
      by: response.by,
      at: response.at,
    });
  if (changed || answered) {
    announce(t(answered ? "statusChangedAnswered" : "statusChanged", { status: label }));
  }
}

export const ideaHandlers = {
  "vote.changed": updateTallies,
  "comment.created": onCommentCreated,
  "comment.updated": onCommentUpdated,
  "comment.deleted": onCommentDeleted,
  "comment.hidden": onCommentHidden,
  "comment.restored": onCommentRestored,
  "idea.status_changed": onStatusChanged,
};
