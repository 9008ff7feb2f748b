# The site's one date style, in Dutch (see conference/formats/en).
DATE_FORMAT = "l j F Y"  # dinsdag 9 juni 2026
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "l j F Y, H:i"
SHORT_DATE_FORMAT = "j F Y"  # without the weekday
SHORT_DATETIME_FORMAT = "j F Y, H:i"
