// Event pages and the event list: seats left and the registration count change in place
// when anyone registers or cancels (`event.seats_changed` on `event:<id>`); the list tells of
// new events (`event.created` on `feed`) without moving what someone is reading.

import { announce } from "./dom.js";
import { t } from "./i18n.js";

function showSeats(data) {
  for (const el of document.querySelectorAll(`[data-seats-left="${data.id}"]`)) {
    el.textContent = t("seatsLeft", { n: data.seats_left });
  }
  for (const el of document.querySelectorAll(`[data-registered-count="${data.id}"]`)) {
    el.textContent = t("registeredOf", { n: data.registered_count, capacity: data.capacity });
  }
}

function showNewEvent(data) {
  const box = document.querySelector("[data-new-events]");
  if (!box) return;
  const link = document.createElement("a");
  link.href = `${box.dataset.newEvents}${data.id}/`;
  link.textContent = data.title;
  const item = document.createElement("li");
  item.append(`${t("newEvent")}: `, link);
  box.querySelector("ul").append(item);
  box.hidden = false;
  announce(`${t("newEvent")}: ${data.title}`);
}

export const eventHandlers = {
  "event.seats_changed": (data) => showSeats(data),
  "event.created": (data) => showNewEvent(data),
  "event.cancelled": (data) => {
    showSeats(data);
    if (document.querySelector(`[data-registered-count="${data.id}"]`)) announce(t("eventCancelled"));
  },
};
