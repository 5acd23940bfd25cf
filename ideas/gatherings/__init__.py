"""The Open Innovation Office's formats: events with registration, waiting list and calendars."""
