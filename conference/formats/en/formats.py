# One style for every date and time the site shows (with Django's other English formats as they are). 24-hour
# times read the same in every language of the conference and end with no full stop ("12:36 a.m.." was one).
DATE_FORMAT = "l j F Y"  # Tuesday 9 June 2026
TIME_FORMAT = "H:i"  # 13:30
DATETIME_FORMAT = "l j F Y, H:i"  # Tuesday 9 June 2026, 13:30
SHORT_DATE_FORMAT = "j F Y"  # without the weekday
SHORT_DATETIME_FORMAT = "j F Y, H:i"
