"""Outgoing mail: a queue of composed messages that the background worker delivers over SMTP.

Knows no domain app: an app composes its message (mail.services.mail_compose renders its
templates in the recipient's language inside the Open Brand layout) and hands it to
mail.services.mail_queue, inside its own transaction.
"""
