# The site's one date style, in French (see conference/formats/en).
DATE_FORMAT = "l j F Y"  # mardi 9 juin 2026
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "l j F Y, H:i"
SHORT_DATE_FORMAT = "j F Y"  # without the weekday
SHORT_DATETIME_FORMAT = "j F Y, H:i"
