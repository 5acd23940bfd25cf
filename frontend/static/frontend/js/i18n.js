// The few words the live layer shows itself, in the page's language (<html lang>).
// Everything else it displays comes from the server already translated (event payloads,
// API error messages) or is cloned from server-rendered templates.

const STRINGS = {
  de: {
    connecting: "Verbinde …",
    live: "Live",
    reconnecting: "Verbindung unterbrochen – neuer Versuch …",
    offline: "Offline",
    lost: "Live-Verbindung unterbrochen.",
    restored: "Live-Verbindung wiederhergestellt.",
    resync: "Es gibt Änderungen, die hier nicht mehr nachgeladen werden können.",
    reload: "Seite neu laden",
    newComment: "Neuer Kommentar von {author}.",
    newReply: "Neue Antwort von {author}.",
    commentEdited: "Ein Kommentar wurde bearbeitet.",
    commentDeleted: "Ein Kommentar wurde gelöscht.",
    deletedBody: "Dieser Kommentar wurde gelöscht.",
    hiddenBody: "Von der Moderation ausgeblendet: {reason}",
    commentHidden: "Ein Kommentar wurde von der Moderation ausgeblendet.",
    commentRestored: "Ein Kommentar wurde wiederhergestellt.",
    commentPosted: "Dein Kommentar wurde veröffentlicht.",
    statusChanged: "Neuer Status: {status}.",
    newIdeas: { one: "1 neue Idee – anzeigen", other: "{n} neue Ideen – anzeigen" },
    newIdeasAnnounce: { one: "1 neue Idee.", other: "{n} neue Ideen." },
    listUpdated: "Liste aktualisiert.",
    newIdea: "Neue Idee",
    newChallenge: "Neue Challenge",
    newActivity: "Neu: {title}.",
    voteUp: "Deine Stimme: dafür.",
    voteDown: "Deine Stimme: dagegen.",
    voteNone: "Deine Stimme wurde zurückgenommen.",
    networkError: "Keine Verbindung zum Server. Bitte versuche es noch einmal.",
    serverError: "Das hat nicht geklappt. Bitte versuche es noch einmal.",
    sectors: {
      citizen: "Bürgerschaft",
      civil_society: "Zivilgesellschaft",
      business: "Wirtschaft",
      research: "Wissenschaft",
      administration: "Verwaltung",
    },
    statuses: {
      submitted: "Eingereicht",
      under_review: "In Prüfung",
      selected: "Ausgewählt",
      in_progress: "In Umsetzung",
      implemented: "Umgesetzt",
      not_pursued: "Nicht weiterverfolgt",
    },
    // Home page: recent activity
    activityComment: "Neuer Kommentar",
    activityAnswer: "Offizielle Antwort",
    activityStatus: "Neuer Status: {status}",
    // Idea page: funnel and official responses arriving live; field errors.
    currentStatus: "aktueller Status",
    statusFromTo: "Von „{from}“ zu „{to}“",
    statusChangedAnswered: "Neuer Status: {status}. Die Stadt hat offiziell geantwortet.",
    errorPrefix: "Fehler:",
    // Event pages: seats changing live.
    seatsLeft: { one: "1 Platz frei", other: "{n} Plätze frei" },
    registeredOf: "{n} von {capacity} angemeldet",
    eventCancelled: "Diese Veranstaltung wurde abgesagt.",
    newEvent: "Neue Veranstaltung",
    // Hackathon teams on a challenge page.
    teamMembers: { one: "1 Mitglied", other: "{n} Mitglieder" },
    juryAnnounced: "Die Jury-Phase hat begonnen. Lade die Seite neu, um sie zu sehen.",
  },
  en: {
    connecting: "Connecting …",
    live: "Live",
    reconnecting: "Connection lost – retrying …",
    offline: "Offline",
    lost: "Live connection lost.",
    restored: "Live connection restored.",
    resync: "Some changes can no longer be loaded into this page.",
    reload: "Reload page",
    newComment: "New comment by {author}.",
    newReply: "New reply by {author}.",
    commentEdited: "A comment was edited.",
    commentDeleted: "A comment was deleted.",
    deletedBody: "This comment has been deleted.",
    hiddenBody: "Hidden by moderation: {reason}",
    commentHidden: "A comment was hidden by moderation.",
    commentRestored: "A comment was restored.",
    commentPosted: "Your comment was published.",
    statusChanged: "New status: {status}.",
    newIdeas: { one: "1 new idea – show", other: "{n} new ideas – show" },
    newIdeasAnnounce: { one: "1 new idea.", other: "{n} new ideas." },
    listUpdated: "List updated.",
    newIdea: "New idea",
    newChallenge: "New challenge",
    newActivity: "New: {title}.",
    voteUp: "Your vote: for.",
    voteDown: "Your vote: against.",
    voteNone: "Your vote was taken back.",
    networkError: "Could not reach the server. Please try again.",
    serverError: "That did not work. Please try again.",
    sectors: {
      citizen: "Citizen",
      civil_society: "Civil society",
      business: "Business",
      research: "Research",
      administration: "Administration",
    },
    statuses: {
      submitted: "Submitted",
      under_review: "Under review",
      selected: "Selected",
      in_progress: "In progress",
      implemented: "Implemented",
      not_pursued: "Not pursued",
    },
    // Home page: recent activity
    activityComment: "New comment",
    activityAnswer: "Official response",
    activityStatus: "New status: {status}",
    // Idea page: funnel and official responses arriving live; field errors.
    currentStatus: "current status",
    statusFromTo: "From “{from}” to “{to}”",
    statusChangedAnswered: "New status: {status}. The city has answered officially.",
    errorPrefix: "Error:",
    seatsLeft: { one: "1 seat left", other: "{n} seats left" },
    registeredOf: "{n} of {capacity} registered",
    eventCancelled: "This event was cancelled.",
    newEvent: "New event",
    teamMembers: { one: "1 member", other: "{n} members" },
    juryAnnounced: "The jury phase has begun. Reload the page to see it.",
  },
};

export const lang = (document.documentElement.lang || "de").slice(0, 2) === "en" ? "en" : "de";
const table = STRINGS[lang];

/** `t("newComment", {author: "Ada"})`; plural entries take `{n}`. */
export function t(key, vars = {}) {
  let text = table[key];
  if (text && typeof text === "object") {
    text = vars.n === 1 ? text.one : text.other;
  }
  if (typeof text !== "string") return key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ""));
}

export function sectorLabel(code) {
  return table.sectors[code] || code || "";
}

export function statusLabel(code) {
  return table.statuses[code] || code || "";
}

const dateFormat = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "de-DE", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "Europe/Berlin",
});
const numberFormat = new Intl.NumberFormat(lang === "en" ? "en-GB" : "de-DE");

export function formatDate(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : dateFormat.format(date);
}

export function formatNumber(n) {
  return numberFormat.format(Number(n) || 0);
}
