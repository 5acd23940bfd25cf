// Entry point of the live layer (loaded as an ES module by includes/live.html): watches
// the streams named in <body data-streams>, shows the connection state, and wires the
// in-place forms. Pages work fully without it.

import { LiveConnection } from "./connection.js";
import { bellHandlers } from "./bell.js";
import { announce } from "./dom.js";
import { t } from "./i18n.js";
import { eventHandlers } from "./event-page.js";
import { hackathonHandlers } from "./hackathon.js";
import { ideaHandlers } from "./idea-page.js";
import { initForms } from "./forms.js";
import { activityHandlers, initIdeaLists, listHandlers, streamsWithCards } from "./lists.js";
import { initWorkbench, workbenchHandlers } from "./workbench.js";

const handlers = {
  ...ideaHandlers,
  ...listHandlers,
  ...bellHandlers,
  ...eventHandlers,
  ...hackathonHandlers,
};

function showState(state) {
  const wasLive = document.body.dataset.liveState;
  document.body.dataset.liveState = state;
  for (const el of document.querySelectorAll("[data-live-status]")) {
    if (el.querySelector("[data-live-reload]")) continue;
    el.textContent = t(state);
    el.setAttribute("data-state", state);
    el.hidden = false;
  }
  if (wasLive === "live" && state !== "live") announce(t("lost"));
  if (wasLive && wasLive !== "live" && wasLive !== "connecting" && state === "live") {
    announce(t("restored"));
  }
}

// Unsent text in a form field, or a field being edited: a reload would lose it.
function someoneIsTyping() {
  const active = document.activeElement;
  if (active && (active.isContentEditable || active.matches("input, textarea, select"))) {
    return true;
  }
  return [...document.querySelectorAll("textarea, input[type=text], input:not([type])")].some(
    (field) => field.value !== field.defaultValue,
  );
}

// The server could not replay what this page missed: the page's data must come again by
// HTTP. Reload at once when that loses nothing; otherwise offer it.
function recoverFromResync() {
  if (someoneIsTyping()) offerReload();
  else location.reload();
}

function offerReload() {
  for (const el of document.querySelectorAll("[data-live-status]")) {
    if (el.querySelector("[data-live-reload]")) continue;
    el.textContent = `${t("resync")} `;
    const button = document.createElement("button");
    button.type = "button";
    button.setAttribute("data-live-reload", "");
    button.textContent = t("reload");
    button.addEventListener("click", () => location.reload());
    el.append(button);
    el.setAttribute("data-state", "resync");
    el.hidden = false;
  }
  announce(`${t("resync")} ${t("reload")}.`);
}

function start() {
  initForms();
  initIdeaLists();
  initWorkbench();
  const streams = streamsWithCards(
    (document.body.dataset.streams || "").split(/\s+/).filter(Boolean),
  );
  if (!streams.length || !("WebSocket" in window)) return;
  const connection = new LiveConnection(streams, {
    onEvent: (frame) => {
      handlers[frame.type]?.(frame.data, frame);
      activityHandlers[frame.type]?.(frame.data, frame);
      workbenchHandlers[frame.type]?.(frame.data, frame);
    },
    onState: showState,
    onResync: recoverFromResync,
  });
  connection.start();
}

start();
