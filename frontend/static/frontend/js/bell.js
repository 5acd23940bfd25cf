// The header's bell: the unread count of the signed-in person, live from their private
// stream `user:<id>` (notification.created brings the new count and the notification's text
// in their language; notification.read the count after reading on another page).

import { announce } from "./dom.js";

function setCount(count) {
  for (const el of document.querySelectorAll("[data-unread-count]")) {
    el.dataset.unreadCount = String(count);
    el.textContent = String(count);
    el.hidden = count === 0;
  }
}

export const bellHandlers = {
  "notification.created": (data) => {
    setCount(data.unread_count);
    announce(data.notification.text);
  },
  "notification.read": (data) => setCount(data.unread_count),
};
