// A hackathon challenge's page: a team's member count and seats left change in place when
// someone joins or leaves (`team.changed` on `challenge:<id>`). A new or dissolved team and
// the jury announcement need the page's full rendering (buttons depend on the reader), so
// those are announced and the reader reloads.

import { announce } from "./dom.js";
import { t } from "./i18n.js";

function showTeam(data) {
  const members = document.querySelectorAll(`[data-team-members="${data.id}"]`);
  for (const el of members) el.textContent = t("teamMembers", { n: data.member_count });
  for (const el of document.querySelectorAll(`[data-team-seats="${data.id}"]`)) {
    el.textContent = t("seatsLeft", { n: data.seats_left });
  }
}

export const hackathonHandlers = {
  "team.changed": (data) => showTeam(data),
  "hackathon.jury_announced": () => {
    if (document.getElementById("teams")) announce(t("juryAnnounced"));
  },
};
