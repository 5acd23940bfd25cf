// Live updates on lists: a polite "n new ideas – show" notice above idea lists (new ideas
// are never pushed into a list someone is reading), and the home page's activity feed,
// which does take new ideas, challenges, comments and status changes at the top.

import { announce, personLink } from "./dom.js";
import { formatDate, statusLabel, t } from "./i18n.js";

const FEED_MIN_CAP = 10;

const pendingIdeas = new Set();

function listsFor(challengeId) {
  return [...document.querySelectorAll("ol[data-idea-list]")].filter((list) => {
    const shown = list.getAttribute("data-challenge") || "";
    // A list without a challenge (all ideas) takes every idea.
    return shown === "" || shown === String(challengeId ?? "");
  });
}

function noticeFor(list) {
  // The notice sits above its list; on a page with one list any notice will do.
  let el = list.previousElementSibling;
  while (el) {
    if (el.matches("[data-new-ideas-notice]")) return el;
    el = el.previousElementSibling;
  }
  return document.querySelector("[data-new-ideas-notice]");
}

function showNotice(list) {
  const notice = noticeFor(list);
  if (!notice) return;
  const n = pendingIdeas.size;
  const button = notice.querySelector("button");
  if (button) button.textContent = t("newIdeas", { n });
  notice.hidden = false;
  announce(t("newIdeasAnnounce", { n }));
}

/** Fetch this page again and swap in the fresh idea list, keeping everything else. */
async function reloadList(list, notice) {
  const button = notice.querySelector("button");
  if (button) button.disabled = true;
  try {
    const response = await fetch(location.href, {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    });
    if (!response.ok) throw new Error(String(response.status));
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const challenge = list.getAttribute("data-challenge") || "";
    const fresh = [...doc.querySelectorAll("ol[data-idea-list]")].find(
      (el) => (el.getAttribute("data-challenge") || "") === challenge,
    );
    if (!fresh) throw new Error("list missing");
    list.replaceChildren(...[...fresh.childNodes].map((node) => document.adoptNode(node)));
    pendingIdeas.clear();
    notice.hidden = true;
    for (const empty of list.parentElement.querySelectorAll(":scope > .empty")) {
      empty.hidden = list.children.length > 0;
    }
    // The button that had focus is gone now; the person asked for the list, so go there.
    if (!list.hasAttribute("tabindex")) list.setAttribute("tabindex", "-1");
    list.focus();
    announce(t("listUpdated"));
  } catch {
    location.reload();
  } finally {
    if (button) button.disabled = false;
  }
}

// The server refuses a socket more streams than this (settings.REALTIME_MAX_STREAMS).
const MAX_STREAMS = 50;

/**
 * The streams a page must watch so every idea card on it gets its votes and comment counts
 * live: the page's own, plus `idea:<id>` for each card whose challenge stream is not
 * already watched (vote.changed goes to the idea's and its challenge's streams, not the feed).
 * Cards keep their place; only the numbers in them change.
 */
export function streamsWithCards(streams) {
  const all = new Set(streams);
  for (const card of document.querySelectorAll(".idea-card[data-idea-id]")) {
    if (all.size >= MAX_STREAMS) break;
    const challenge = card.closest("[data-idea-list]")?.getAttribute("data-challenge");
    if (challenge && all.has(`challenge:${challenge}`)) continue;
    all.add(`idea:${card.getAttribute("data-idea-id")}`);
  }
  return [...all];
}

export function initIdeaLists() {
  for (const notice of document.querySelectorAll("[data-new-ideas-notice]")) {
    const button = notice.querySelector("button");
    if (!button) continue;
    button.addEventListener("click", () => {
      let el = notice.nextElementSibling;
      while (el && !el.matches("ol[data-idea-list]")) el = el.nextElementSibling;
      const list = el || document.querySelector("ol[data-idea-list]");
      if (list) reloadList(list, notice);
      else location.reload();
    });
  }
}

function onIdeaCreated(data) {
  // The payload is the idea card: `challenge` is a reference ({id, title, status}) or null.
  const lists = listsFor(data.challenge?.id);
  for (const list of lists) {
    if (list.querySelector(`[data-idea-id="${data.id}"]`)) continue;
    pendingIdeas.add(data.id);
    showNotice(list);
  }
  prependActivity({
    key: `idea:${data.id}`,
    kind: t("newIdea"),
    title: data.title,
    href: `/ideas/${data.id}/`,
    by: data.author,
    at: data.created_at,
  });
}

function onIdeaWithdrawn(data) {
  pendingIdeas.delete(data.id);
  goneKeys.add(`idea:${Number(data.id)}`);
  removeActivity(`[data-idea="${Number(data.id)}"]`);
  for (const li of document.querySelectorAll(`ol[data-idea-list] [data-idea-id="${data.id}"]`)) {
    if (!li.contains(document.activeElement)) li.remove();
  }
}

function onChallengeCreated(data, frame) {
  if (data.status === "draft") return;
  prependActivity({
    key: `challenge:${data.id}`,
    kind: t("newChallenge"),
    title: data.title,
    href: `/challenges/${data.id}/`,
    by: null,
    // The payload has no moment of publishing (opens_at may lie before it); the event's own
    // time is that moment, so a replay after a reload is recognised as already shown.
    at: frame?.at,
  });
}

const ideaTitles = new Map();
// Deleted comments and withdrawn ideas: a line about them that is still waiting for its
// title (or replayed after a reload) must not appear after all.
const goneKeys = new Set();

/** An idea's title for an activity line: from this page if it shows the idea, else the API. */
async function ideaTitle(id) {
  const shown = document.querySelector(
    `a[data-idea-title="${id}"], [data-idea-id="${id}"] .card-title a`,
  );
  if (shown) return shown.textContent;
  if (!ideaTitles.has(id)) {
    ideaTitles.set(
      id,
      fetch(`/api/ideas/${id}/`, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then((response) => (response.ok ? response.json() : null))
        .then((idea) => idea?.title || "")
        .catch(() => ""),
    );
  }
  return ideaTitles.get(id);
}

async function prependIdeaActivity({ ideaId, ...item }) {
  const feed = document.querySelector("ol[data-activity-feed]");
  if (!feed || feed.querySelector(`[data-activity-key="${CSS.escape(item.key)}"]`)) return;
  const title = await ideaTitle(Number(ideaId));
  if (goneKeys.has(item.key) || goneKeys.has(`idea:${Number(ideaId)}`)) return;
  // A withdrawn or unknown idea has no title to show (and nothing public to tell).
  if (title) prependActivity({ ...item, title, ideaId });
}

function removeActivity(selector) {
  const feed = document.querySelector("ol[data-activity-feed]");
  if (!feed) return;
  for (const li of feed.querySelectorAll(`:scope > ${selector}`)) {
    if (!li.contains(document.activeElement)) li.remove();
  }
}

function onCommentActivity(data) {
  // A replay serves a deleted comment's events in its deleted shape (docs/realtime.md).
  if (data.deleted) return;
  prependIdeaActivity({
    key: `comment:${data.id}`,
    kind: t("activityComment"),
    ideaId: data.idea,
    href: `/ideas/${data.idea}/#comment-${data.id}`,
    by: data.author,
    at: data.created_at,
  });
}

function onStatusActivity(data) {
  const response = data.response || {};
  prependIdeaActivity({
    key: `status:${response.id}`,
    kind: response.html
      ? t("activityAnswer")
      : t("activityStatus", { status: statusLabel(data.status) }),
    ideaId: data.id,
    href: `/ideas/${data.id}/#funnel`,
    by: response.by,
    at: response.at,
  });
}

function prependActivity({ key, kind, title, href, by, at, ideaId }) {
  const feed = document.querySelector("ol[data-activity-feed]");
  if (!feed) return;
  // What happened before the page was made is in it already, or is gone (deleted, withdrawn):
  // a replay after a reload must not bring it back.
  const asOf = Date.parse(feed.dataset.asOf || "");
  if (at && Date.parse(at) < asOf) return;
  if (feed.querySelector(`[data-activity-key="${CSS.escape(key)}"]`)) return;
  const cap = Math.max(FEED_MIN_CAP, Number(feed.dataset.cap) || feed.children.length);
  feed.dataset.cap = String(cap);
  const li = document.createElement("li");
  li.setAttribute("data-activity-key", key);
  if (ideaId) li.setAttribute("data-idea", String(ideaId));
  li.className = "activity-item is-new";
  const label = document.createElement("span");
  label.className = "activity-kind";
  label.textContent = kind;
  const link = document.createElement("a");
  link.href = href;
  link.textContent = title;
  if (ideaId) link.setAttribute("data-idea-title", String(ideaId));
  li.append(label, " ", link);
  // `by` is a person ref ({id, display_name}); a challenge has none.
  if (by?.id !== undefined) {
    const who = document.createElement("span");
    who.className = "activity-by";
    who.append("· ", personLink(by));
    li.append(" ", who);
  }
  if (at) {
    const time = document.createElement("time");
    time.setAttribute("datetime", at);
    time.textContent = formatDate(at);
    li.append(" ", time);
  }
  feed.prepend(li);
  for (const empty of document.querySelectorAll("[data-activity-empty]")) empty.hidden = true;
  while (feed.children.length > cap) {
    const last = feed.lastElementChild;
    if (last.contains(document.activeElement)) break;
    last.remove();
  }
  announce(t("newActivity", { title }));
}

// Events that other handlers also take (the idea page's): live.js calls both.
export const activityHandlers = {
  "comment.created": onCommentActivity,
  "comment.deleted": (data) => {
    goneKeys.add(`comment:${Number(data.id)}`);
    removeActivity(`[data-activity-key="comment:${Number(data.id)}"]`);
  },
  // Hidden by moderation: out of the recent activity like a deleted comment.
  "comment.hidden": (data) => {
    if (data.hidden == null) return;
    goneKeys.add(`comment:${Number(data.id)}`);
    removeActivity(`[data-activity-key="comment:${Number(data.id)}"]`);
  },
  "idea.status_changed": onStatusActivity,
};

export const listHandlers = {
  "idea.created": onIdeaCreated,
  "idea.withdrawn": onIdeaWithdrawn,
  // Hidden by moderation: it leaves the lists like a withdrawn idea; restored, it comes back
  // the way a new one arrives.
  "idea.hidden": onIdeaWithdrawn,
  "idea.restored": (data, frame) => {
    goneKeys.delete(`idea:${Number(data.id)}`);
    onIdeaCreated(data, frame);
  },
  "challenge.created": onChallengeCreated,
};
