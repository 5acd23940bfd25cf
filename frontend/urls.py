"""URLs of the web site (namespace "frontend")."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from frontend.views import (
    accounts,
    brand,
    challenges,
    comments,
    directory,
    events,
    hackathons,
    home,
    ideas,
    legal,
    moderation,
    notifications,
    opendata,
    organisations,
    people,
    privacy,
    staff,
    workbench,
)

app_name = "frontend"

urlpatterns = [
    path("", home.home, name="home"),
    path("brand.css", brand.brand_css, name="brand_css"),
    # Without a CSRF token, so that the language switch on every page sets no cookie before
    # someone uses it (docs/privacy.md): switching a visitor's language is harmless.
    path("language/", csrf_exempt(set_language), name="set_language"),
    path("challenges/", challenges.challenge_list, name="challenge_list"),
    path("challenges/<int:pk>/", challenges.challenge_detail, name="challenge_detail"),
    path("ideas/", ideas.idea_list, name="idea_list"),
    path("ideas/new/", ideas.idea_create, name="idea_create"),
    path("ideas/<int:pk>/", ideas.idea_detail, name="idea_detail"),
    path("ideas/<int:pk>/edit/", ideas.idea_edit, name="idea_edit"),
    path("ideas/<int:pk>/withdraw/", ideas.idea_withdraw, name="idea_withdraw"),
    path("ideas/<int:pk>/vote/", comments.idea_vote, name="idea_vote"),
    path("ideas/<int:pk>/comments/", comments.comment_create, name="comment_create"),
    path("ideas/<int:pk>/cocreate/", comments.cocreator_offer, name="cocreator_offer"),
    path("comments/<int:pk>/edit/", comments.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", comments.comment_delete, name="comment_delete"),
    path("signup/", accounts.signup, name="signup"),
    path("signup/sent/", accounts.signup_sent, name="signup_sent"),
    path("confirm/", accounts.email_confirm_resend, name="email_confirm_resend"),
    path("confirm/<str:token>/", accounts.email_confirm, name="email_confirm"),
    path("password/forgot/", accounts.password_forgot, name="password_forgot"),
    path("password/forgot/sent/", accounts.password_forgot_sent, name="password_forgot_sent"),
    path(
        "password/reset/<str:uidb64>/<str:token>/",
        accounts.password_reset,
        name="password_reset",
    ),
    path("profile/password/", accounts.password_change, name="password_change"),
    path("profile/email/", accounts.email_change, name="email_change"),
    path("login/", accounts.login_view, name="login"),
    path("logout/", accounts.logout_view, name="logout"),
    path("profile/", accounts.profile, name="profile"),
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path(
        "organisations/<slug:slug>/", organisations.organisation_detail, name="organisation_detail"
    ),
    path(
        "organisations/<slug:slug>/edit/", organisations.organisation_edit, name="organisation_edit"
    ),
    path(
        "organisations/<slug:slug>/join/", organisations.organisation_join, name="organisation_join"
    ),
    path(
        "organisations/<slug:slug>/leave/",
        organisations.organisation_leave,
        name="organisation_leave",
    ),
    path(
        "organisations/<slug:slug>/requests/",
        organisations.organisation_request,
        name="organisation_request",
    ),
    path(
        "organisations/<slug:slug>/requests/<int:pk>/<slug:action>/",
        organisations.organisation_request_decide,
        name="organisation_request_decide",
    ),
    path("groups/", organisations.group_list, name="group_list"),
    path("groups/new/", organisations.group_create, name="group_create"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("staff/", staff.staff_dashboard, name="staff_dashboard"),
    path("staff/challenges/new/", staff.staff_challenge_create, name="staff_challenge_create"),
    path(
        "staff/challenges/<int:pk>/edit/",
        staff.staff_challenge_edit,
        name="staff_challenge_edit",
    ),
    path(
        "staff/challenges/<int:pk>/phase/",
        staff.staff_challenge_phase,
        name="staff_challenge_phase",
    ),
    path("staff/ideas/<int:pk>/status/", staff.staff_idea_status, name="staff_idea_status"),
    path("impressum/", legal.impressum, name="impressum"),
    path("datenschutz/", legal.privacy_notice, name="privacy_notice"),
    path("barrierefreiheit/", legal.accessibility, name="accessibility"),
    path("profile/data/", privacy.privacy_data, name="privacy_data"),
    path("profile/data/export/", privacy.privacy_export, name="privacy_export"),
    path(
        "profile/data/export/<str:token>/",
        privacy.privacy_export_download,
        name="privacy_export_download",
    ),
    path("profile/delete/", privacy.account_delete, name="account_delete"),
    path("opendata/", opendata.opendata_page, name="opendata"),
    path("opendata/catalog.jsonld", opendata.opendata_catalog, name="opendata_catalog"),
    path("opendata/<slug:slug>.schema.json", opendata.opendata_schema, name="opendata_schema"),
    path("opendata/<slug:slug>.csv-metadata.json", opendata.opendata_csvw, name="opendata_csvw"),
    path("opendata/<slug:slug>.<str:fmt>", opendata.opendata_file, name="opendata_file"),
    # The city team's workbench (issue 18)
    path("staff/inbox/", workbench.staff_inbox, name="staff_inbox"),
    path("staff/inbox/status/", workbench.staff_inbox_status, name="staff_inbox_status"),
    path("staff/ideas/<int:pk>/assign/", workbench.staff_idea_assign, name="staff_idea_assign"),
    path("staff/challenges/<int:pk>/jury/", workbench.staff_jury, name="staff_jury"),
    path(
        "staff/challenges/<int:pk>/jury/criteria/",
        workbench.staff_jury_criterion,
        name="staff_jury_criterion",
    ),
    path(
        "staff/challenges/<int:pk>/jury/criteria/<int:criterion_pk>/remove/",
        workbench.staff_jury_criterion_remove,
        name="staff_jury_criterion_remove",
    ),
    path(
        "staff/challenges/<int:pk>/jury/jurors/",
        workbench.staff_jury_juror,
        name="staff_jury_juror",
    ),
    path(
        "staff/challenges/<int:pk>/jury/close/", workbench.staff_jury_close, name="staff_jury_close"
    ),
    path(
        "staff/challenges/<int:pk>/jury/result/",
        workbench.staff_jury_publish,
        name="staff_jury_publish",
    ),
    path(
        "staff/challenges/<int:pk>/charts/",
        workbench.staff_challenge_charts,
        name="staff_challenge_charts",
    ),
    path(
        "staff/challenges/<int:pk>/export.csv",
        workbench.staff_challenge_export,
        name="staff_challenge_export",
    ),
    path(
        "staff/challenges/<int:pk>/report/",
        workbench.staff_challenge_report,
        name="staff_challenge_report",
    ),
    path("jury/", workbench.jury_home, name="jury_home"),
    path("jury/challenges/<int:pk>/", workbench.jury_challenge, name="jury_challenge"),
    path(
        "jury/challenges/<int:pk>/ideas/<int:idea_pk>/",
        workbench.jury_score,
        name="jury_score",
    ),
    path("notifications/", notifications.notification_list, name="notification_list"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
    path(
        "notifications/read-all/",
        notifications.notifications_read_all,
        name="notifications_read_all",
    ),
    path(
        "notifications/settings/",
        notifications.notification_settings,
        name="notification_settings",
    ),
    path("follow/<slug:kind>/<int:pk>/", notifications.follow, name="follow"),
    path("unsubscribe/<str:token>/", notifications.unsubscribe, name="unsubscribe"),
    path("report/<slug:kind>/<int:pk>/", moderation.report, name="report"),
    path("house-rules/", moderation.house_rules, name="house_rules"),
    path("transparency/", moderation.transparency, name="transparency"),
    path("moderation/", moderation.queue, name="moderation_queue"),
    path("moderation/items/<int:pk>/", moderation.item, name="moderation_item"),
    path("moderation/decisions/<int:pk>/appeal/", moderation.appeal, name="moderation_appeal"),
    path(
        "moderation/appeals/<int:pk>/",
        moderation.appeal_decide,
        name="moderation_appeal_decide",
    ),
    path("directory/", directory.directory, name="directory"),
    path("challenges/<int:pk>/teams/new/", hackathons.team_create, name="team_create"),
    path("teams/<int:pk>/join/", hackathons.team_join, name="team_join"),
    path("teams/<int:pk>/leave/", hackathons.team_leave, name="team_leave"),
    path("teams/<int:pk>/submit/", hackathons.team_submit, name="team_submit"),
    path(
        "join-requests/<int:pk>/withdraw/",
        hackathons.join_request_withdraw,
        name="join_request_withdraw",
    ),
    path(
        "join-requests/<int:pk>/decide/",
        hackathons.join_request_decide,
        name="join_request_decide",
    ),
    path(
        "staff/challenges/<int:pk>/hackathon/", hackathons.staff_hackathon, name="staff_hackathon"
    ),
    path(
        "staff/challenges/<int:pk>/hackathon/jury/",
        hackathons.staff_hackathon_jury,
        name="staff_hackathon_jury",
    ),
    path("events/", events.event_list, name="event_list"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/calendar/", events.event_calendar_key, name="event_calendar_key"),
    path("events/calendar/<str:key>.ics", events.event_my_feed, name="event_my_feed"),
    path("events/topics/<slug:slug>.ics", events.event_topic_feed, name="event_topic_feed"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("events/<int:pk>/event.ics", events.event_ics, name="event_ics"),
    path("events/<int:pk>/register/", events.event_register, name="event_register"),
    path("events/<int:pk>/unregister/", events.event_unregister, name="event_unregister"),
    path("events/<int:pk>/cancel/", events.event_cancel, name="event_cancel"),
    path("events/<int:pk>/attendees.csv", events.event_attendees_csv, name="event_attendees_csv"),
]
