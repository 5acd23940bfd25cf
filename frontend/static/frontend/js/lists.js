// Live updates on lists: a polite "n new ideas – show" notice above idea lists (new ideas
// are never pushed into a list someone is reading), and the home page's activity feed,
// which does take new ideas and challenges at the top.

import { announce } from "./dom.js";
import { formatDate, t } from "./i18n.js";

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
    by: data.author?.display_name || "",
    at: data.created_at,
  });
}

function onIdeaWithdrawn(data) {
  pendingIdeas.delete(data.id);
  for (const li of document.querySelectorAll(`ol[data-idea-list] [data-idea-id="${data.id}"]`)) {
    if (!li.contains(document.activeElement)) li.remove();
  }
}

function onChallengeCreated(data) {
  if (data.status === "draft") return;
  prependActivity({
    key: `challenge:${data.id}`,
    kind: t("newChallenge"),
    title: data.title,
    href: `/challenges/${data.id}/`,
    by: "",
    at: data.opens_at,
  });
}

function prependActivity({ key, kind, title, href, by, at }) {
  const feed = document.querySelector("ol[data-activity-feed]");
  if (!feed) return;
  if (feed.querySelector(`[data-activity-key="${CSS.escape(key)}"], a[href="${href}"]`)) return;
  const cap = Math.max(FEED_MIN_CAP, Number(feed.dataset.cap) || feed.children.length);
  feed.dataset.cap = String(cap);
  const li = document.createElement("li");
  li.setAttribute("data-activity-key", key);
  li.className = "activity-item is-new";
  const label = document.createElement("span");
  label.className = "activity-kind";
  label.textContent = kind;
  const link = document.createElement("a");
  link.href = href;
  link.textContent = title;
  li.append(label, " ", link);
  if (by) {
    const who = document.createElement("span");
    who.className = "activity-by";
    who.textContent = ` · ${by}`;
    li.append(who);
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

export const listHandlers = {
  "idea.created": onIdeaCreated,
  "idea.withdrawn": onIdeaWithdrawn,
  "challenge.created": onChallengeCreated,
};
