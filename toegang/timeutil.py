"""Time zone of the users: timestamps are stored in UTC and shown in Europe/Amsterdam."""

from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
